"""Counters of narrow types that wrap around: ``c = c + 1`` on a ``char`` is
an int converted back to 8 bits, split by the path builder into the cases
it wraps in (the value's range is known from the variables'), so the
counter gets a piecewise ranking function; a counter that skips 0 is never
a yes."""

from __future__ import annotations

import textwrap

from verifier.frontends.c import parse_c
from verifier.result import Verdict
from verifier.terminating import termination_result


def answer(source: str, timeout: float = 10):
    return termination_result(parse_c(textwrap.dedent(source), "t.c", "bv"), "f", timeout)


def test_a_char_counted_up_wraps_around_to_zero():
    r = answer("""
        int f(char c) {
            while (c != 0) { c = c + 1; }
            return 0;
        }""")
    assert r.verdict == Verdict.YES, r.reason
    assert r.certificate.text.startswith("loop at line 3: piecewise"), r.certificate.text
    assert set(r.certificate.checked_by) == {"z3", "cvc5"}


def test_a_short_counted_up_wraps_around_to_zero():
    r = answer("""
        int f(short s) {
            while (s != 0) { s++; }
            return 0;
        }""")
    assert r.verdict == Verdict.YES, r.reason


def test_a_char_counted_by_two_from_an_odd_value_never_reaches_zero():
    r = answer("""
        int f(signed char c) {
            while (c != 0) { c = c + 2; }
            return 0;
        }""", 5)
    assert r.verdict == Verdict.NO, r.reason
    assert r.counterexample.confirmed and r.counterexample.inputs["c"] % 2 == 1


def test_a_signed_counter_under_wrap_semantics_keeps_its_linear_ranking():
    # -fwrapv's (int)((unsigned)x + 1u) splits into a few dozen cases, none of them a memory access
    from verifier.wrap_ints import wrap_signed

    program = wrap_signed(parse_c("int f(int x) { while (x > 0) { x = x + 1; } return 0; }", "t.c", "bv"))
    r = termination_result(program, "f", 10)
    assert r.verdict == Verdict.YES, r.reason
    assert r.certificate.text.startswith("loop at line 1: -x + 2147483646"), r.certificate.text
