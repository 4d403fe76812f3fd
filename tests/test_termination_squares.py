"""Polynomial guards: a square is at least the absolute value of its root over
the integers (the path builder's facts about ``i * i``), so ``while (i * i <
n) i++`` is ranked by ``n - i``; the certificate is checked on the exact
non-linear encoding, and a loop that can miss its target square is never a yes."""

from __future__ import annotations

import textwrap

from verifier.frontends.c import parse_c
from verifier.frontends.python import parse_python
from verifier.result import Verdict
from verifier.terminating import termination_result


def test_counting_up_to_an_integer_square_root_terminates():
    program = parse_c("int f(int i, int n) { while (i * i < n) { i = i + 1; } return 0; }", "t.c", "math")
    r = termination_result(program, "f", 10)
    assert r.verdict == Verdict.YES, r.reason
    assert r.certificate.text.startswith("loop at line 1: n - i"), r.certificate.text
    assert set(r.certificate.checked_by) == {"z3", "cvc5"}


def test_a_python_point_walking_out_of_a_disc_terminates():
    program = parse_python(textwrap.dedent("""
        def leave(x: int, y: int) -> int:
            while x * x + y * y < 100:
                x += 1
                y += 1
            return x
        """), "d.py")
    r = termination_result(program, "leave", 10)
    assert r.verdict == Verdict.YES, r.reason


def test_a_root_search_that_can_step_past_its_square_is_never_a_yes():
    program = parse_c("int f(int i, int n) { while (i * i != n) { i = i + 1; } return 0; }", "t.c", "math")
    r = termination_result(program, "f", 4)
    assert r.verdict != Verdict.YES
