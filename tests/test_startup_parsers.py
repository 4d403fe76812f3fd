"""The C and Python parsers kept on disk (`verifier.parser_cache`) parse exactly as freshly built ones."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from lark import Lark, Token

from verifier.errors import InputError
from verifier.frontends import c_parse
from verifier.parser_cache import KEEP, lark_parser, parser_cache_dir

ROOT = Path(__file__).resolve().parents[1]

#: prints, for each file named, its parse tree (rules, token kinds, texts and positions) or its syntax error
DUMP_TREES = """
import sys
from lark import Token, Tree
from verifier.errors import InputError
from verifier.frontends import c_parse, python_parse

def dump(node):
    if isinstance(node, Token):
        return (node.type, str(node), node.line, node.column, node.end_line, node.end_column)
    if isinstance(node, Tree):
        meta = node.meta
        where = (meta.line, meta.column, meta.end_line, meta.end_column) if not meta.empty else None
        return (str(node.data), where, [dump(child) for child in node.children])
    return repr(node)

for path in sys.argv[1:]:
    parse = python_parse.parse_tree if path.endswith(".py") else c_parse.parse_tree
    try:
        print(path, dump(parse(open(path, encoding="utf-8", errors="surrogateescape").read(), path)))
    except InputError as error:
        print(path, error.format())
"""


def sources() -> list[str]:
    """C and Python files of the examples and benches."""
    found = [*ROOT.glob("examples/*.c"), *ROOT.glob("examples/*.py"), *ROOT.glob("bench/loops/*.c"),
             *ROOT.glob("bench/memory/*.c"), *ROOT.glob("bench/python/*.py"), *ROOT.glob("tests/programs/c/*.c")]
    return sorted(str(p) for p in found)


def dump_trees(cache_home: Path, files: list[str]) -> str:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    p = subprocess.run([sys.executable, "-c", DUMP_TREES, *files], capture_output=True, text=True, env=env,
                       timeout=300)
    assert p.returncode == 0, p.stderr
    return p.stdout


#: syntax errors, whose messages come from the parser's state
BROKEN = {"semicolon.c": "int f(int x) {\n    int y = x\n    return y;\n}\n",
          "brace.c": "int f(int x) {\n    if (x) { return 1;\n}\n",
          "operand.c": "int f(int x) {\n    return x +;\n}\n",
          "indent.py": "def f(x: int) -> int:\n    y = x\n      return y\n",
          "colon.py": "def f(x: int) -> int\n    return x\n"}


def test_a_stored_parser_parses_every_sample_as_a_freshly_built_one(tmp_path):
    for name, text in BROKEN.items():
        (tmp_path / name).write_text(text)
    files = sources() + [str(tmp_path / name) for name in BROKEN]
    built = dump_trees(tmp_path, files)  # none stored yet: built, then stored
    assert len(list((tmp_path / "verify").glob("parser-*.pickle"))) == 2  # the C and the Python parser
    loaded = dump_trees(tmp_path, files)
    assert built == loaded
    assert len(built.splitlines()) == len(files) > 100
    assert sum(": error: syntax" in line for line in built.splitlines()) == len(BROKEN)


def test_only_the_users_own_parser_for_the_same_grammar_is_loaded(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    grammar = 'start: WORD+\n%import common.WORD\n%ignore " "\n'
    lark_parser("words", grammar, parser="lalr")
    (stored,) = parser_cache_dir().glob("parser-*.pickle")
    with monkeypatch.context() as m:
        m.setattr(Lark, "__init__", _not_built)  # so the parser below can only come from the file
        assert lark_parser("words", grammar, parser="lalr").parse("a b").children == ["a", "b"]
    stored.chmod(0o666)  # writable by others: never unpickled, rebuilt and stored again
    stored_before = stored.stat().st_ino
    assert isinstance(lark_parser("words", grammar, parser="lalr"), Lark)
    assert stored.stat().st_mode & 0o777 == 0o600 and stored.stat().st_ino != stored_before  # a new file
    os.utime(stored, (stored.stat().st_atime - 3600, stored.stat().st_mtime - 3600))  # the oldest
    for count in range(2, KEEP + 3):  # other grammars, other files: the newest KEEP are kept
        edited = grammar.replace("WORD+", " ".join(["WORD"] * count))
        assert len(lark_parser("words", edited, parser="lalr").parse(" ".join("a" * count)).children) == count
    assert len(list(parser_cache_dir().glob("parser-words-*.pickle"))) == KEEP and not stored.exists()


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty"])
def test_a_damaged_stored_parser_is_ignored_built_again_and_stored_whole(tmp_path, monkeypatch, damage):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    grammar = 'start: WORD+\n%import common.WORD\n%ignore " "\n'
    lark_parser("words", grammar, parser="lalr")
    (stored,) = parser_cache_dir().glob("parser-*.pickle")
    whole = stored.read_bytes()
    damaged = {"truncated": whole[: len(whole) // 2], "garbage": b"\x80\x05not a pickle", "empty": b""}
    stored.write_bytes(damaged[damage])
    assert lark_parser("words", grammar, parser="lalr").parse("a b").children == ["a", "b"]
    with monkeypatch.context() as m:
        m.setattr(Lark, "__init__", _not_built)  # stored again, whole: the next start loads it
        assert lark_parser("words", grammar, parser="lalr").parse("c").children == ["c"]


def _not_built(self, *args, **kwargs) -> None:
    raise AssertionError("built, not loaded")


@pytest.fixture(scope="module")
def c_lark_lexed():
    """The C grammar with Lark's own contextual lexer (one scanner per parser state)."""
    return lark_parser("c", c_parse.grammar_text(), **c_parse.parser_options())


def _c_outcome(text: str, parser=None, monkeypatch=None):
    """The tree `c_parse.parse_tree` gives (every token's kind, text and position), or its error message."""
    if parser is not None:
        monkeypatch.setattr(c_parse, "get_parser", lambda: parser)
    try:
        tree = c_parse.parse_tree(text, "t.c")
    except InputError as error:
        return error.format()
    finally:
        if parser is not None:
            monkeypatch.undo()
    return _rules(tree), [(t.type, str(t), t.line, t.column, t.end_line, t.end_column)
                          for t in tree.scan_values(lambda v: isinstance(v, Token))]


def _rules(node):
    """The tree's rule names and leaves (a rule's name as text: Lark 1.3.1 names a freshly built parser's rules
    with `Token`s, a stored one's with `str`s; they compare equal, but print differently)."""
    if isinstance(node, Token):
        return node.type, str(node)
    if node is None:  # an optional part left out
        return None
    return str(node.data), [_rules(child) for child in node.children]


def test_the_c_parsers_shared_scanner_lexes_as_larks_own_lexer(c_lark_lexed, monkeypatch):
    """`c_parse.get_parser`'s states share one scanner (`shared_scanner`): the same trees and syntax errors."""
    files = [*ROOT.glob("examples/*.c"), *ROOT.glob("tests/programs/c/*.c"),
             *ROOT.glob("tests/programs/competition/*.c")]
    texts = [p.read_text() for p in sorted(files)] + [t for n, t in BROKEN.items() if n.endswith(".c")]
    assert len(texts) > 40
    for text in texts:
        assert _c_outcome(text) == _c_outcome(text, c_lark_lexed, monkeypatch)


C_PIECES = ["int", "unsigned", "char", "long", "x", "y1", "int_x", "typedef", "struct", "s", "{", "}", "(", ")", "[",
            "]", ";", ",", "=", "==", "+", "++", "+=", "-", "->", ".", "*", "&", "&&", "<<", ">>=", "?", ":", "0",
            "0x1F", "07", "10u", "1UL", "'a'", "'\\n'", '"s\\"t"', "if", "else", "while", "for", "return", "sizeof",
            "#define N 3\n", "N", "// c\n", "/* c */", "\n", " ", "\t", "@", "$"]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(C_PIECES), max_size=25))
def test_c_token_soups_parse_or_fail_alike(c_lark_lexed, pieces):
    text = "int f(int x) {\n" + " ".join(pieces) + "\n}\n"
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert _c_outcome(text) == _c_outcome(text, c_lark_lexed, monkeypatch)
