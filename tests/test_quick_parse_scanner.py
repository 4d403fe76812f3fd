"""The Python parser's shared scanner (`frontends.shared_scanner`) lexes as Lark's own contextual lexer.

Both parsers of `grammars/python.lark` must give the same tree (every token's
type, text and position) or fail the same way (error type, position, message)
on the repository's Python examples and on token soups Hypothesis strings together
(keywords where names go and back, strings with prefixes and escapes, numbers in
every base, brackets, indents, characters outside the grammar). Lark itself is
imported without `regex` (`verifier.frontends`), which stays importable.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from verifier.frontends.python_parse import _Indenter, _parser
from verifier.grammar_files import grammar_text
from verifier.parser_cache import lark_parser

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def lark_lexed():
    """The same grammar with Lark's own contextual lexer (one scanner per state)."""
    return lark_parser("python", grammar_text("python.lark"), parser="lalr", postlex=_Indenter(),
                       start="file_input", propagate_positions=True, maybe_placeholders=True, cache=True)


def _outcome(parser, text: str):
    try:
        tree = parser.parse(text)
    except Exception as e:  # the error itself must match: type, place, message (expected terminals)
        return type(e).__name__, getattr(e, "line", None), getattr(e, "column", None), str(e)
    tokens = [(t.type, str(t), t.line, t.column, t.end_line, t.end_column)
              for t in tree.scan_values(lambda v: v is not None)]
    return tree, tokens


@pytest.mark.parametrize("name", ["examples/tokenizer.py", "examples/steps_icontract.py", "examples/midpoint_deal.py",
                                  "bench/python_data/csv_field.py", "bench/python_data/percent_text.py",
                                  "verifier/frontends/shared_scanner.py"])
def test_files_parse_alike(name, lark_lexed):
    text = (ROOT / name).read_text()
    assert _outcome(_parser(), text) == _outcome(lark_lexed, text)


PIECES = ["def", "f", "(", ")", ":", "\n", "    ", "\t", "return", "if", "elif", "else", "while", "for", "in", "not",
          "and", "or", "is", "None", "True", "lambda", "match", "case", "type", "_", "x1", "ifx", "défini", "0", "007",
          "0x_1F", "0o17", "0b101", "1_000", "1.5e-3", "2j", ".5", "'a'", '"b\\""', "r'\\d'", "b'x'", "f'{x}'",
          "'''doc\n'''", "# note\n", "+", "-=", "//", "**", "->", ":=", "[", "]", "{", "}", ",", ".", "...", "=", "==",
          "<", ">>=", "@", "~", "\\\n", "$", "?", "!", " "]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25))
def test_token_soups_parse_or_fail_alike(lark_lexed, pieces):
    text = "".join(pieces) + "\n"
    assert _outcome(_parser(), text) == _outcome(lark_lexed, text)


def test_lark_comes_without_regex_which_a_users_module_still_imports():
    code = ("import sys, verifier.frontends.python_parse as p\n"
            "before = sorted({'regex', 'interegular'} & set(sys.modules))\n"
            "p.parse_tree('x = 1\\n', 'f.py')\n"
            "import regex\n"
            "print(before, regex.match('a+', 'aa').group(0))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.stdout.split() == ["[]", "aa"], done.stderr
