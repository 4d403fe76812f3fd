"""Termination through divisions by a variable: a quotient by a divisor of
magnitude two or more is at most half the dividend (loops and recursion), a
value wrapped to an unsigned type is read case by case; and a yes always means
the real runs end."""

from __future__ import annotations

import textwrap

import pytest
import z3

from verifier import ir
from verifier.affine import Lin
from verifier.engines.ranking.execution import LinearExecutor, LinearState
from verifier.engines.termination.linear_cases import LinearCases
from verifier.frontends.c import parse_c
from verifier.frontends.python import parse_python
from verifier.result import Verdict
from verifier.terminating import termination_result


def test_c_loop_dividing_by_a_variable_of_at_least_two_terminates():
    program = parse_c(textwrap.dedent("""
        extern int __VERIFIER_nondet_int(void);
        int main(void) {
            int v = __VERIFIER_nondet_int(), base = __VERIFIER_nondet_int();
            if (base < 2) return 0;
            while (v > 0) { v = v / base; }
            return 0;
        }"""), "t.c", "math")
    r = termination_result(program, "main", 10.0)
    assert r.verdict == Verdict.YES, r.reason
    assert r.certificate.text.startswith("loop at line 6: v")


def test_c_recursion_dividing_by_a_variable_terminates():
    program = parse_c(textwrap.dedent("""
        extern int __VERIFIER_nondet_int(void);
        int places(int v, int base) {
            if (v < base) return 1;
            return 1 + places(v / base, base);
        }
        int main(void) {
            int v = __VERIFIER_nondet_int(), base = __VERIFIER_nondet_int();
            if (v < 0 || base < 2) return 0;
            return places(v, base);
        }"""), "t.c", "bv")
    r = termination_result(program, "main", 10.0)
    assert r.verdict == Verdict.YES, r.reason
    assert r.certificate.text.splitlines()[0] == "recursive calls of places decrease v"


def test_unsigned_recursion_whose_argument_would_wrap_below_zero_terminates():
    # n - 1 is (n - 1) mod 2**32: read as n - 1 where n >= 1
    program = parse_c(textwrap.dedent("""
        unsigned total(unsigned n, unsigned acc) {
            if (n == 0) return acc;
            return total(n - 1, acc + n);
        }"""), "t.c", "bv")
    r = termination_result(program, "total", 10.0)
    assert r.verdict == Verdict.YES, r.reason
    assert r.certificate.text == "recursive calls of total decrease n"


def test_linear_cases_bound_a_quotient_by_a_variable():
    x, y = z3.Ints("x y")
    mag = z3.If(x >= 0, x, -x) / z3.If(y >= 0, y, -y)
    q = z3.If((x >= 0) == (y >= 0), mag, -mag)  # C's x / y
    reader = LinearCases()
    cases = reader.terms(q)
    (symbol,) = reader.opaque
    for xv in range(-9, 10):
        for yv in range(-5, 6):
            if yv == 0:
                continue  # dividing by zero fails: no bound is claimed there
            value = z3.simplify(z3.substitute(q, (x, z3.IntVal(xv)), (y, z3.IntVal(yv)))).as_long()
            assert value == int(xv / yv)
            point = {"x": xv, "y": yv, symbol: value}
            assert any(all(g.value(point) >= 0 for g in case) for conds, _ in cases for case in conds)


@pytest.mark.parametrize("op", ["div", "floordiv"])
def test_loop_paths_read_a_quotient_by_a_variable_soundly(op):
    # every (x, d, x / d) lies in some state of the reading, whose value is the quotient
    a, b = ir.Var("x", ir.MATH_INT), ir.Var("d", ir.MATH_INT)
    start = LinearState({"x": Lin.var("x"), "d": Lin.var("d")}, ())
    states = LinearExecutor().value(ir.Binary(op, a, b, ir.MATH_INT), start)
    for xv in range(-12, 13):
        for dv in [v for v in range(-6, 7) if v != 0]:
            q = xv // dv if op == "floordiv" else int(xv / dv)
            assert any(_holds(st, value, {"x": xv, "d": dv}, q) for st, value in states), (xv, dv, q)
    assert all(st.add(Lin.var("d")) is None or _satisfied_without_zero(st) for st, _ in states)


def _holds(st: LinearState, value: Lin, point: dict[str, int], q: int) -> bool:
    fresh = [s for s in value.coeffs if s.startswith("~")]
    point = {**point, **{s: q for s in fresh}}
    return value.value(point) == q and all(g.value(point) >= 0 for g in st.cons + st.soft)


def _satisfied_without_zero(st: LinearState) -> bool:
    """No state admits d == 0 (dividing by zero fails)."""
    return not all(g.value({"x": x, "d": 0, **{s: q for s in g.coeffs if s.startswith("~")}}) >= 0
                   for x in range(-3, 4) for q in range(-3, 4) for g in st.cons)


@pytest.mark.parametrize("guard, cond", [(">= 1", "> 0"), (">= 2", "< 0"), ("<= -1", "!= 0")])
def test_loops_dividing_by_a_variable_that_may_run_forever_are_never_yes(guard, cond):
    source = LOOP.format(guard=guard, cond=cond)  # d == 1, -1 // 2 == -1, x == 1 with d == -1
    assert termination_result(parse_python(source, "d.py"), "f", 2.0).verdict != Verdict.YES


LOOP = """
def f(x: int, d: int) -> int:
    if not (d {guard}):
        return 0
    while x {cond}:
        x = x // d
    return x
"""


@pytest.mark.parametrize("guard, expect", [(">= 2", Verdict.YES), ("<= -2", Verdict.YES)])
def test_python_floor_division_by_a_variable_terminates(guard, expect):
    source = LOOP.format(guard=guard, cond="> 0")
    assert termination_result(parse_python(source, "d.py"), "f", 10.0).verdict == expect
