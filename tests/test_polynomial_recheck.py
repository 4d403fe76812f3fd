"""Re-checking non-linear certificate obligations: z3 with equalities eliminated, cvc5, exact algebra."""

from __future__ import annotations

import pytest
import z3
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.crosscheck import recheck as recheck_module
from verifier.crosscheck.ideal_check import polynomial_unsat
from verifier.crosscheck.recheck import CVC5_OR_ALGEBRA, recheck

n, x, y, z, k = z3.Ints("n x y z k")
#: The invariant of cubes by finite differences (cohencu): x == n^3 follows from it only by algebra.
CUBE_INVARIANT = [z == 6 * n + 6, y == 3 * n * n + 3 * n + 1, 3 * x == 2 * n + n * y - y + 1]


def smt2(*assertions: z3.BoolRef) -> str:
    solver = z3.Solver()
    solver.add(*assertions)
    return solver.to_smt2()


def test_a_closed_form_that_follows_by_substitution_is_proved():
    assert polynomial_unsat([*CUBE_INVARIANT, z3.Not(x == n * n * n)]) is True


def test_a_wrong_closed_form_is_not_proved():
    assert polynomial_unsat([*CUBE_INVARIANT, z3.Not(x == n * n * n + n - 1)]) is None


def test_opposite_bounds_make_an_equality_and_an_inequality_follows_from_a_strict_guard():
    sums = 6 * x == y + 3 * y * y + 2 * y * y * y
    # safety of a sum of squares: y <= k and k <= y (the loop exit) give y == k
    assert polynomial_unsat([y <= k, sums, k <= y, 6 * x != k + 3 * k * k + 2 * k * k * k]) is True
    # consecution of its bound: y < k gives y + 1 <= k over the integers
    assert polynomial_unsat([y <= k, y < k, z3.Not(z3.And(y + 1 <= k, True))]) is True
    assert polynomial_unsat([y <= k, z3.Not(y + 1 <= k)]) is None


def test_a_division_is_an_opaque_term_and_facts_about_it_are_not_invented():
    # y == 2*(y div 2) needs y even: not an algebraic consequence of nothing
    assert polynomial_unsat([z3.Not(y == 2 * (y / 2))]) is None
    # the same opaque term on both sides is the same variable
    assert polynomial_unsat([x == y / 2 + 1, z3.Not(x - 1 == y / 2)]) is True


def test_without_a_negated_goal_nothing_is_claimed():
    assert polynomial_unsat([x == 1, x == 2]) is None  # contradictory, but no goal: not this check's business


points = st.tuples(*[st.integers(-6, 6)] * 4)
coefficients = st.lists(st.integers(-3, 3), min_size=6, max_size=6)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(points, coefficients, coefficients, st.booleans())
def test_never_proves_an_obligation_that_a_point_satisfies(point, c1, c2, strict):
    """Soundness: hypotheses hold at `point` and the goal fails there, so the
    obligation is satisfiable: the check must not claim otherwise."""
    env = [(v, z3.IntVal(c)) for v, c in zip([n, x, y, z], point)]
    monos = [n * x, x * y, y * z, n * n, z, z3.IntVal(1)]

    def value(term):
        return z3.simplify(z3.substitute(term, *env)).as_long()

    p = z3.Sum([c * m for c, m in zip(c1, monos)])
    q = z3.Sum([c * m for c, m in zip(c2, monos)])
    goal = (p + q < value(p + q)) if strict else (x * y - n * z == value(x * y - n * z) + 1)
    formula = [p == value(p), q <= value(q), z3.Not(goal)]
    assert all(z3.is_true(z3.simplify(z3.substitute(f, *env))) for f in formula)  # satisfied at the point
    assert polynomial_unsat(formula) is None


def test_recheck_lets_algebra_stand_in_for_cvc5_when_cvc5_has_no_answer(monkeypatch):
    text = smt2(*CUBE_INVARIANT, z3.Not(x == n * n * n))
    monkeypatch.setattr(recheck_module, "_cvc5_unsat", lambda text, timeout_s, wide=False: None)
    monkeypatch.setattr(recheck_module, "_ANSWERS", {})
    check = recheck([text], timeout_s=5)
    assert check.checked_by == ["z3", CVC5_OR_ALGEBRA]
    assert any(note.startswith("algebra: 1 of 1 obligations") for note in check.notes)


def test_recheck_does_not_let_algebra_confirm_a_false_obligation(monkeypatch):
    text = smt2(*CUBE_INVARIANT, z3.Not(x == n * n * n + n - 1))
    monkeypatch.setattr(recheck_module, "_cvc5_unsat", lambda text, timeout_s, wide=False: None)
    monkeypatch.setattr(recheck_module, "_ANSWERS", {})
    check = recheck([text], timeout_s=5)
    assert check.checked_by == [] and check.refuted_by == ["z3"]


@pytest.mark.parametrize("goal", [x == n * n * n, 6 * x == 6 * n * n * n])
def test_z3_confirms_a_cubic_safety_obligation_by_eliminating_equalities(goal):
    """Plain z3 gives up on some of these within seconds; with ``solve-eqs`` first they take milliseconds."""
    check = recheck([smt2(*CUBE_INVARIANT, z3.Not(goal))], timeout_s=2.0)
    assert check.checked_by[:1] == ["z3"] and not check.refuted_by
