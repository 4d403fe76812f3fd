"""Recurrent sets with congruences: a wrapping unsigned step that keeps a
parity runs forever, replayed for real; the atom's formula agrees with
concrete arithmetic on both semantics."""

from __future__ import annotations

import shutil
import textwrap

import pytest
import z3
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier import ir
from verifier.affine import Lin
from verifier.engines.ranking import holds
from verifier.engines.ranking.congruence import Congruence, congruences, implied
from verifier.frontends.c import parse_c
from verifier.frontends.python import parse_python
from verifier.result import Verdict
from verifier.terminating import termination_result

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is needed to replay the input for real")


@needs_gcc
def test_unsigned_steps_of_four_that_miss_the_exit_value_are_a_replayed_no():
    program = parse_c(textwrap.dedent("""
        extern unsigned int __VERIFIER_nondet_uint(void);
        int main(void) {
            unsigned int y = __VERIFIER_nondet_uint();
            while (y != 1) { y = y + 4; }
            return 0;
        }"""), "t.c", "bv")
    r = termination_result(program, "main", 10.0)
    assert r.verdict == Verdict.NO, r.reason
    assert r.counterexample.confirmed and "still running" in r.counterexample.replay
    start = r.counterexample.nondet[0]
    assert start % 4 != 1  # y + 4 wraps mod 2**32 and keeps y's residue mod 4: never 1
    assert "% 4 == 0" in r.certificate.text and set(r.certificate.checked_by) == {"z3", "cvc5"}


def test_python_odd_countdown_by_two_is_a_replayed_no():
    program = parse_python(textwrap.dedent("""
        def spin(x: int) -> int:
            while x != 0:
                x = x - 2
            return x
        """), "s.py")
    r = termination_result(program, "spin", 10.0)
    assert r.verdict == Verdict.NO, r.reason
    assert r.counterexample.confirmed
    assert r.counterexample.inputs["x"] % 2 == 1 or r.counterexample.inputs["x"] < 0


def test_python_steps_of_the_programs_own_modulus_that_never_reach_the_residue_are_a_replayed_no():
    program = parse_python(textwrap.dedent("""
        def hop(x: int) -> int:
            while x % 5 != 2:
                x = x + 10
            return x
        """), "h.py")
    r = termination_result(program, "hop", 10.0)
    assert r.verdict == Verdict.NO, r.reason
    assert r.counterexample.confirmed and r.counterexample.inputs["x"] % 5 != 2
    assert "x % 5 == " in r.certificate.text


def test_unsigned_countdown_by_three_is_never_a_no():
    # 3 is odd: x -= 3 wraps through every residue and reaches 0 (it terminates)
    program = parse_c(textwrap.dedent("""
        extern unsigned int __VERIFIER_nondet_uint(void);
        int main(void) {
            unsigned int x = __VERIFIER_nondet_uint();
            while (x != 0) { x -= 3; }
            return 0;
        }"""), "t.c", "bv")
    assert termination_result(program, "main", 4.0).verdict != Verdict.NO


@needs_gcc
def test_a_bounded_int_that_keeps_its_residue_modulo_the_programs_own_is_a_replayed_no():
    program = parse_c(textwrap.dedent("""
        int f(int x) {
            while (x % 3 != 0) { x = x + 3; if (x > 30) x = x - 30; }
            return 0;
        }"""), "t.c", "bv")
    r = termination_result(program, "f", 20.0)  # about 3 s of CPU: slack for a loaded machine
    assert r.verdict == Verdict.NO, r.reason
    assert r.counterexample.confirmed and r.counterexample.inputs["x"] % 3 != 0
    assert "% 3 == 0" in r.certificate.text


def test_an_unsigned_step_of_three_that_wraps_through_every_residue_is_never_a_no():
    # 2**32 is 1 modulo 3: x + 3 wrapping around changes x's residue, and x reaches a multiple of 3
    program = parse_c("int f(unsigned int x) { while (x % 3 != 0) { x = x + 3; } return 0; }", "t.c", "bv")
    assert termination_result(program, "f", 4.0).verdict != Verdict.NO


TYPES = [ir.IntType(8, True), ir.IntType(8, False), ir.IntType(32, False), ir.IntType(16, True)]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(TYPES), st.sampled_from(TYPES), st.integers(-5, 5), st.integers(-5, 5),
       st.integers(-9, 9), st.sampled_from([2, 3, 4, 5, 6]), st.data())
def test_congruence_formula_agrees_with_the_mathematical_values(tx, ty, cx, cy, const, modulus, data):
    x = data.draw(st.integers(tx.min, tx.max))
    y = data.draw(st.integers(ty.min, ty.max))
    residue = data.draw(st.integers(0, modulus - 1))
    atom = Congruence(Lin({"x": cx, "y": cy}, const), modulus, residue)
    env = {"x": z3.BitVecVal(x, tx.bits), "y": z3.BitVecVal(y, ty.bits)}
    formula = holds(atom, env, {"x": tx, "y": ty})
    expected = (cx * x + cy * y + const - residue) % modulus == 0
    assert z3.is_true(z3.simplify(formula)) == expected
    assert (atom.value({"x": x, "y": y}) >= 0) == expected
    math = holds(atom, {"x": z3.IntVal(x), "y": z3.IntVal(y)}, {"x": ir.MATH_INT, "y": ir.MATH_INT})
    assert z3.is_true(z3.simplify(math)) == expected


def test_observed_parities_become_candidates_and_larger_moduli_imply_smaller():
    # temporaries, and variables the states do not change (equalities say more), give none
    states = [{"x": 7, "__t": 1, "y": 5}, {"x": 3, "__t": 3, "y": 5}]
    types = {"x": ir.MATH_INT, "__t": ir.MATH_INT, "y": ir.MATH_INT}
    found = congruences(["x", "__t", "y"], states, types)
    assert found == [Congruence(Lin.var("x"), 2, 1), Congruence(Lin.var("x"), 4, 3)]
    assert congruences(["x"], states, types, (5,)) == found  # 7 and 3 differ modulo 5
    assert congruences(["x"], states, {"x": ir.IntType(32, True)}, (4, 6)) == found  # 7 and 3 differ modulo 6
    assert implied(found[0], found) and not implied(found[1], found)
    assert found[1].text("c") == "(x - 3) % 4 == 0" and found[1].text("python") == "x % 4 == 3"
    with pytest.raises(ValueError):
        holds(Congruence(Lin.var("x"), 512, 1), {"x": z3.BitVec("x", 8)}, {"x": ir.IntType(8, False)})
