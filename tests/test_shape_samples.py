"""Shape candidates filtered on sampled states (`shape_samples`) and the incremental Houdini
(`shape_houdini`): the compiled evaluator agrees with z3 on every state, and filtering then
Houdini keep exactly what Houdini keeps on all the candidates."""

from __future__ import annotations

import time
from functools import cache

import z3
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.arrays import ArrayValue
from verifier.engines.invariants.horn import HornView
from verifier.engines.invariants.math_reading import math_view
from verifier.engines.invariants.sampled_invariants import houdini, sample_states
from verifier.engines.invariants.shape import heap_shape
from verifier.engines.invariants.shape_houdini import shape_houdini
from verifier.engines.invariants.shape_invariants import QUERY_MS, scalar_candidates, shape_candidates
from verifier.engines.invariants.shape_samples import true_on_samples
from verifier.engines.invariants.rendering import conj, conjuncts

from .helpers import c_main_system
from .test_shape_invariants import APPEND

LOOP = """\
int main(void) {
  int x = 0, y = 5;
  int a[3] = {1, 2, 3};
  while (x < y) { x = x + a[x % 3]; }
  return 0;
}
"""


@cache
def _loop_view() -> tuple[HornView, int]:
    """LOOP's integer reading (shape candidates are over it) without its range facts, and its loop head."""
    view = HornView(math_view(c_main_system(LOOP)).view.ts)
    return view, next(iter(view.ts.cfa.loops))


def _formulas(view: HornView) -> list[z3.BoolRef]:
    """Formulas over every operation the evaluator compiles, and one (integer division) it does not."""
    x, y, a = (view.ts.current[n] for n in ("x", "y", "a"))
    return [x <= y, x < y, x >= -y, x > 2 * y, x == y + 1, x != y, z3.Distinct(x, y, a[0]),
            z3.Implies(x > 0, a[x] >= 1), z3.Or(x == 0, z3.And(y > 0, -x < 3)), z3.Not(x - y * 2 == 1),
            z3.If(x > y, x, y) >= 2, a[a[0]] == x, z3.BoolVal(True), z3.BoolVal(False), x / 2 == 0]


def _z3_value(f: z3.BoolRef, view: HornView, state: dict) -> bool:
    pairs = []
    for name, v in state.items():
        term = view.ts.current[name]
        if isinstance(v, ArrayValue):
            value = z3.K(term.sort().domain(), z3.IntVal(v.default))
            for i, e in v.entries.items():
                value = z3.Store(value, i, e)
        else:
            value = z3.IntVal(v)
        pairs.append((term, value))
    return z3.is_true(z3.simplify(z3.substitute(f, *pairs)))


small = st.integers(-6, 6)
states = st.fixed_dictionaries({"x": small, "y": small, "a": st.builds(
    ArrayValue, small, st.dictionaries(st.integers(-3, 6), small, max_size=4))})


@settings(max_examples=30, deadline=None)
@given(samples=st.lists(states, min_size=1, max_size=3))
def test_a_candidate_is_dropped_exactly_when_z3_makes_it_false_on_a_sampled_state(samples):
    view, head = _loop_view()
    formulas = _formulas(view)
    kept = true_on_samples(view, {head: formulas}, {head: samples})[head]
    division = formulas[-1]
    expected = [f for f in formulas if f.eq(division) or all(_z3_value(f, view, s) for s in samples)]
    assert [str(f) for f in kept] == [str(f) for f in expected]


def test_a_state_outside_the_views_facts_drops_nothing():
    view, head = _loop_view()
    x = view.ts.current["x"]
    bounded = HornView(view.ts, state_facts=x >= 0)
    outside = {"x": -1, "y": 0, "a": ArrayValue(0)}
    assert true_on_samples(bounded, {head: [x >= 0, x == 3]}, {head: [outside]})[head] == [x >= 0, x == 3]
    inside = {"x": 2, "y": 0, "a": ArrayValue(0)}
    assert true_on_samples(bounded, {head: [x >= 0, x == 3]}, {head: [outside, inside]})[head] == [x >= 0]


def test_filtering_on_samples_then_houdini_keeps_what_houdini_keeps_on_all_candidates():
    ts = c_main_system(APPEND)
    view = math_view(ts).view
    shape = heap_shape(ts.variables, ts.cfa)
    states = sample_states(view.ts.cfa, time.monotonic() + 60)
    cands = shape_candidates(shape, view)
    for head, facts in scalar_candidates(shape, view, states).items():
        cands[head] += facts
    everything = houdini(view, cands, time.monotonic() + 120, query_ms=QUERY_MS)
    kept = true_on_samples(view, cands, states)
    assert sum(map(len, kept.values())) < sum(map(len, cands.values()))  # the samples drop some
    fast = shape_houdini(view, kept, time.monotonic() + 120, QUERY_MS)
    assert everything is not None and fast is not None
    for head in ts.cfa.loops:
        assert {f.get_id() for f in conjuncts(conj(fast[head]))} == {f.get_id() for f in conjuncts(everything[head])}
