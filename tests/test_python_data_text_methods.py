"""String methods that make new strings or test characters (`python_text_methods`), reversed(range())
and divmod: the lowering agrees with CPython on Hypothesis-generated strings and ints, the Unicode
tables are the running CPython's, and text methods give replayed witnesses and a proof.

The differential test runs every function of `tests/programs/py_data/text_methods.py` and
`counting.py` under CPython and through the lowered IR (`verifier.interpret.run_cfa`) and demands the
same outcome (the same int, or the same exception kind at the same line). Its strings mix ASCII,
Unicode whitespace, digits and letters, and the code points at the edges of the case tables' runs.
"""

from __future__ import annotations

import sys
import typing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.frontends import python_char_tables as tables
from verifier.frontends.python import parse_python
from verifier.result import Verdict

from .helpers import only, prove_source
from .python_runs import cpython_outcome, ir_outcome, loaded

PROGRAMS = [Path(__file__).parent / "programs" / "py_data" / f"{stem}.py" for stem in ("text_methods", "counting")]


def _edges() -> list[str]:
    """The code points at and just past the edges of every case run, and the special cases."""
    codes = set(tables.LOWER_SPECIAL) | set(tables.UPPER_SPECIAL)
    for first, last, stride, _delta in tables.LOWER_RUNS + tables.UPPER_RUNS:
        codes |= {first, first + stride, last, last + 1, first - 1}
    return sorted(chr(c) for c in codes if 0 <= c <= sys.maxunicode)


_CHARS = st.one_of(st.sampled_from("aAbBzZ ,.-_" "\t\n\x1c\x85\xa0\u2003\u3000" "09\u00b2\u0663\u00bd\u216b"
                                   "\u00df\u0130\u0149\u03a3\u03c3\u01c5\ufb01\u4e2d\u0301\U0001f600"),
                   st.sampled_from(_edges()))
_TEXT = st.text(_CHARS, max_size=5)
_SHORT = st.text(st.sampled_from("ab \u00df"), max_size=2)


def _argument(data, name: str, hint) -> object:
    if hint is int:
        return data.draw(st.integers(-5, 7), label=name)
    return data.draw(_SHORT if name in ("old", "new", "sub", "chars") else _TEXT, label=name)


@pytest.mark.parametrize("path, name", [(path, name) for path in PROGRAMS
                                        for name in sorted(parse_python(path.read_text(), str(path)).functions)])
@settings(max_examples=20, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_lowered_functions_behave_like_cpython(path, name, data):
    program, module, cfas = loaded(path)
    assert not program.functions[name].unsupported, program.functions[name].unsupported
    func = getattr(module, name)
    args = {p: _argument(data, p, hint) for p, hint in typing.get_type_hints(func).items() if p != "return"}
    params = {p: [ord(c) for c in v] if isinstance(v, str) else v for p, v in args.items()}
    assert ir_outcome(cfas[name], params) == cpython_outcome(func, args)


def _ranges(test) -> tuple[tuple[int, int], ...]:
    out: list[list[int]] = []
    for c in range(sys.maxunicode + 1):
        if test(chr(c)):
            if out and out[-1][1] == c - 1:
                out[-1][1] = c
            else:
                out.append([c, c])
    return tuple((low, high) for low, high in out)


def _case_map(runs, special) -> dict[int, str]:
    out = {c: "".join(map(chr, codes)) for c, codes in special.items()}
    for first, last, stride, delta in runs:
        out.update({c: chr(c + delta) for c in range(first, last + 1, stride)})
    return out


def test_the_tables_are_what_this_cpython_does():
    assert tables.UNICODE_VERSION == __import__("unicodedata").unidata_version
    for table, test in ((tables.SPACE_RANGES, str.isspace), (tables.DECIMAL_RANGES, str.isdecimal),
                        (tables.DIGIT_RANGES, str.isdigit), (tables.NUMERIC_RANGES, str.isnumeric),
                        (tables.ALPHA_RANGES, str.isalpha), (tables.LOWERCASE_RANGES, str.islower),
                        (tables.UPPERCASE_RANGES, str.isupper),
                        (tables.TITLECASE_RANGES, lambda c: c.istitle() and not c.isupper())):
        assert table == _ranges(test), test
    for runs, special, method in ((tables.LOWER_RUNS, tables.LOWER_SPECIAL, str.lower),
                                  (tables.UPPER_RUNS, tables.UPPER_SPECIAL, str.upper)):
        expected = {c: method(chr(c)) for c in range(sys.maxunicode + 1) if method(chr(c)) != chr(c)}
        assert _case_map(runs, special) == expected, method


@pytest.mark.parametrize("source, message", [
    ("def f(s: str) -> int:\n    return len(s.strip(3))\n", "str.strip() of something other than strings"),
    ("def f(s: str) -> int:\n    return len(s.lower(1))\n", "call with 1 arguments"),
    ("def f(s: str) -> int:\n    return len(s.replace('a'))\n", "call with 1 arguments"),
    ("def f(s: str) -> int:\n    return int(s.istitle())\n", "str method 'istitle'"),
])
def test_other_uses_of_the_text_methods_are_unsupported(source, message):
    fn = parse_python(source, "t.py").functions["f"]
    assert fn.unsupported and message in fn.unsupported


# ------------------------------------------------------------------ verdicts and replay


NORMALISE = """
def first_word(s: str) -> int:
    words = s.strip().lower().split()
    return len(words[0])


def trimmed(s: str) -> int:
    t = s.strip()
    assert len(t) <= len(s)
    return len(t)


def digits(s: str) -> int:
    if s.isdigit():
        return int(s)
    return -1
"""


def test_text_methods_give_replayed_witnesses_and_a_proof(tmp_path):
    results = prove_source(tmp_path, NORMALISE, suffix=".py", check="bounds,assert,value", timeout=20)
    blank = only(results, "bounds", 3)
    assert blank.verdict == Verdict.NO and blank.counterexample.confirmed, blank.reason
    assert only(results, "assert", 8).verdict == Verdict.YES
    superscript = only(results, "value", 14)  # str.isdigit() holds of digits int() does not read: '²'
    assert superscript.verdict == Verdict.NO and superscript.counterexample.confirmed, superscript.reason
    text = "".join(chr(c) for c in superscript.counterexample.inputs["s"])
    assert text.isdigit() and not text.isdecimal()
