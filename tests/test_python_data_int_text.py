"""``int(s)`` of a string, as CPython's ``int()`` reads it: the lowering agrees with CPython on
Hypothesis-generated strings (signs, underscores, ASCII and Unicode whitespace and digits, other
characters), its Unicode tables are the running CPython's, and tokenizers of ``"1,2,3"`` strings are
refuted with replayed witnesses or proved."""

from __future__ import annotations

import functools
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.arrays import ArrayValue, zero_of
from verifier.cfa import build_cfa
from verifier.frontends.python import parse_python
from verifier.frontends.python_int_text import DIGIT_RUNS, SPACES
from verifier.interpret import run_cfa
from verifier.result import Verdict

from .helpers import assert_proved, only, prove_source

PARSERS = """\
def whole(s: str) -> int:
    return int(s)


def total(s: str) -> int:
    t = 0
    for piece in s.split(","):
        t += int(piece)
    return t


def guarded(s: str) -> int:
    t = 0
    for piece in s.split(","):
        try:
            t += int(piece)
        except ValueError:
            t -= 1000
    return t


def hexadecimal(s: str) -> int:
    return int(s, 16)


def binary(s: str) -> int:
    return int(s, base=2)


def octal(s: str) -> int:
    return int(s, 8)


def base36(s: str) -> int:
    return int(s, 36)
"""

#: characters that matter to int(): ASCII and Unicode digits and whitespace, signs, underscores,
#: characters that look like whitespace but are not to int() (0x1C-0x1F), NUL, letters, the separator
_CHARS = st.sampled_from("0123456789" "+-_" " \t\n\x0b\x0c\r\x85\xa0\u2003\u3000" "\u0663\U0001d7d9\uff11"
                         "\x1c\x1f\x00" "ax," "  11" "0xXoObBfFgzZ")
#: numerals as int() reads them, in some base: spaces, a sign, a base prefix, an underscore, digits and letters
_NUMERALS = st.builds("".join, st.tuples(
    st.sampled_from(["", " ", "\u3000"]), st.sampled_from(["", "-", "+"]),
    st.sampled_from(["", "0", "0x", "0X", "0b", "0B", "0o", "0O", "\u0660x"]), st.sampled_from(["", "_", "__"]),
    st.text(st.sampled_from("010_17afZ\u0663"), min_size=1, max_size=4), st.sampled_from(["", " ", "", "x"])))


@functools.cache
def _lowered():
    program = parse_python(PARSERS, "parsers.py")
    scope: dict = {}
    exec(compile(PARSERS, "parsers.py", "exec"), scope)
    return {name: build_cfa(program, name) for name in program.functions}, scope


def _ir(cfa, s: str) -> tuple:
    codes = [ord(c) for c in s]
    run = run_cfa(cfa, {"s": ArrayValue.of_list(codes), "s#len": len(codes)}, lambda site, step, t: zero_of(t),
                  max_edges=400_000)
    assert not run.out_of_steps and not run.blocked
    if run.failure is not None:
        kind, loc = run.failure
        return (kind, loc.line)
    return ("return", run.returned)


def _cpython(func, s: str) -> tuple:
    try:
        return ("return", func(s))
    except ValueError as e:
        return ("value", e.__traceback__.tb_next.tb_lineno)


@pytest.mark.parametrize("name", ["whole", "total", "guarded", "hexadecimal", "binary", "octal", "base36"])
@settings(max_examples=60, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(_CHARS, max_size=8), _NUMERALS))
def test_lowered_int_of_a_string_behaves_like_cpython(name, text):
    cfas, scope = _lowered()
    assert _ir(cfas[name], text) == _cpython(scope[name], text)


def test_more_digits_than_cpython_converts_is_a_value_error():
    saved = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(640)  # the smallest limit CPython allows: short runs
    try:
        cfa = build_cfa(parse_python(PARSERS, "parsers.py"), "whole")
        scope: dict = {}
        exec(compile(PARSERS, "parsers.py", "exec"), scope)
        for text in ("7" * 640, "7" * 641):
            assert _ir(cfa, text) == _cpython(scope["whole"], text)
    finally:
        sys.set_int_max_str_digits(saved)


def test_the_unicode_tables_are_what_cpython_int_accepts():
    decimals = [c for c in range(sys.maxunicode + 1) if chr(c).isdecimal()]
    assert decimals == [start + k for start in DIGIT_RUNS for k in range(10)]
    assert all(int(chr(start + k)) == k for start in DIGIT_RUNS for k in range(10))
    spaces = {c for low, high in SPACES for c in range(low, high + 1)}
    candidates = (set(range(128)) | {c for c in range(sys.maxunicode + 1) if chr(c).isspace()}) - set(decimals)
    assert spaces == {c for c in candidates if _reads(chr(c) + "1" + chr(c))}


def _reads(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return False
    return True


# ------------------------------------------------------------------ verdicts and replay


TOKENIZER = """\
def parse(s: str) -> int:
    total = 0
    for piece in s.split(","):
        n = int(piece)
        assert n != 7
        total += n
    return total
"""

SIGNED = """\
def signed(s: str) -> int:
    \"\"\":raises ValueError: when s is no integer\"\"\"
    n = int(s)
    if s.startswith("-"):
        assert n <= 0
    return n
"""


def test_a_tokenizer_is_refuted_with_replayed_witnesses_for_both_failures(tmp_path):
    without_assert = TOKENIZER.replace("        assert n != 7\n", "")
    bad_piece = only(prove_source(tmp_path, without_assert, suffix=".py", check="value", timeout=20), "value", 4)
    seven = only(prove_source(tmp_path, TOKENIZER, suffix=".py", check="assert", timeout=20), "assert", 5)
    for r, source, exception in ((bad_piece, without_assert, ValueError), (seven, TOKENIZER, AssertionError)):
        assert r.verdict == Verdict.NO and r.counterexample.confirmed, (r.check, r.reason)
        scope: dict = {}
        exec(source, scope)
        with pytest.raises(exception):
            scope["parse"]("".join(chr(c) for c in r.counterexample.inputs["s"]))


def test_a_parsed_value_with_a_leading_minus_is_proved_not_positive(tmp_path):
    assert_proved(tmp_path, SIGNED, "assert", suffix=".py", timeout=40)
