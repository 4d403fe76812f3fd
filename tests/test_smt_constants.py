"""`smt.constants_of`: the names of the uninterpreted constants of terms, as z3's own wrappers name
them, found by one walk over z3's C API (shared subterms once)."""

from __future__ import annotations

import z3
from hypothesis import given, settings, strategies as st

from verifier.smt import constants_of, subterms


def _by_wrappers(*terms: z3.ExprRef) -> set[str]:
    """The same set, the slow way: every subterm through z3's Python wrappers."""
    return {t.decl().name() for t in subterms(*terms) if z3.is_const(t) and t.decl().kind() == z3.Z3_OP_UNINTERPRETED}


def test_constants_under_quantifiers_arrays_and_numbers():
    x, y, k = z3.Ints("x y k")
    a = z3.Array("a", z3.IntSort(), z3.IntSort())
    f = z3.Function("f", z3.IntSort(), z3.IntSort())
    term = z3.And(z3.ForAll([k], z3.Implies(z3.And(0 <= k, k < x), a[k] == 0)), f(y) > 3, z3.Store(a, 1, 2)[x] == 7)
    assert constants_of(term) == {"x", "y", "a"}  # not the bound k, not f (a function), not the numbers
    assert constants_of(term) == _by_wrappers(term)


def test_several_terms_in_one_walk_and_constants_named_by_number():
    numbered = z3.Const(7, z3.BitVecSort(8))  # an integer symbol: z3 shows it as k!7
    b = z3.BitVec("b", 8)
    assert constants_of(numbered + b == 0, z3.BoolVal(True), b > 1) == {"k!7", "b"}
    assert constants_of(z3.IntVal(3) + 4 == 7) == set()


@settings(max_examples=60, deadline=None)
@given(st.recursive(st.sampled_from(["x", "y", "z", "1", "2"]),
                    lambda inner: st.tuples(st.sampled_from(["+", "*", "ite", "store"]), inner, inner), max_leaves=12))
def test_agrees_with_the_wrappers_on_generated_terms(shape):
    names = {n: z3.Int(n) for n in "xyz"}
    a = z3.Array("arr", z3.IntSort(), z3.IntSort())

    def build(s):
        if isinstance(s, str):
            return names[s] if s in names else z3.IntVal(int(s))
        op, left, right = s[0], build(s[1]), build(s[2])
        if op == "+":
            return left + right
        if op == "*":
            return left * right
        if op == "ite":
            return z3.If(left > right, left, right)
        return z3.Store(a, left, right)[right]

    term = build(shape) > 0
    assert constants_of(term) == _by_wrappers(term)
