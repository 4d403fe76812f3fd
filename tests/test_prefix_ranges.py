"""Range invariants beyond the prefix: shifted and reversed copies, the part not yet done,
the last element. Candidates are guessed from samples, kept only if inductive, carried to
bit-vectors exactly, and re-checked by z3 and cvc5."""

from __future__ import annotations

import textwrap
import time

import pytest
import z3
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.cfa import build_cfa
from verifier.crosscheck.recheck import recheck
from verifier.encode import encode
from verifier.engines.invariants.chc import run_chc
from verifier.engines.invariants.math_reading import math_view
from verifier.engines.invariants.prefix_invariants import BOUND, prefix_candidates, prefix_houdini
from verifier.engines.invariants.sampled_invariants import program_constants, sample_states
from verifier.engines.invariants.to_bitvectors import to_bv
from verifier.frontends.c import parse_c
from verifier.result import Verdict

SHIFT = """
    extern int __VERIFIER_nondet_int(void);
    extern void __VERIFIER_assume(int);
    extern void __VERIFIER_assert(int);
    int main(void) {
      int a[6];
      int b[6];
      int n = __VERIFIER_nondet_int();
      __VERIFIER_assume(n >= 1 && n <= 6);
      int i;
      for (i = 0; i < n; i++) {
        a[i] = __VERIFIER_nondet_int();
        b[i] = a[i];
      }
      for (i = 0; i < n - 1; i++) {
        a[i] = a[i + 1];
      }
      for (i = 0; i + 1 < n; i++) {
        __VERIFIER_assert(a[i] == b[i + OFFSET]);
      }
      return 0;
    }
"""

REVERSED_COPY = """
    extern int __VERIFIER_nondet_int(void);
    extern void __VERIFIER_assume(int);
    int main(void) {
      int a[6];
      int b[6];
      int n = __VERIFIER_nondet_int();
      __VERIFIER_assume(n >= 0 && n <= 6);
      int i;
      for (i = 0; i < n; i++) {
        b[n - 1 - i] = a[i];
      }
      return 0;
    }
"""

K = z3.Int(BOUND)
A, B = (z3.Array(name, z3.IntSort(), z3.IntSort()) for name in "ab")
I, N = z3.Int("i"), z3.Int("n")


def system(source: str):
    program = parse_c(textwrap.dedent(source).lstrip("\n"), "t.c", "bv")
    return encode(build_cfa(program, "main"))


def fact(lo: z3.ArithRef | int, hi: z3.ArithRef | int, body: z3.BoolRef) -> z3.BoolRef:
    """``forall k. lo <= k < hi -> body``, built as the guesser builds it."""
    lo, hi = (z3.IntVal(x) if isinstance(x, int) else x for x in (lo, hi))
    return z3.ForAll([K], z3.Implies(z3.And(lo <= K, K < hi), body))


def head_at(ts, line: int) -> int:
    (head,) = [h for h, loop in ts.cfa.loops.items() if loop.loc.line == line]
    return head


def candidates(ts) -> dict[int, list[z3.BoolRef]]:
    states = sample_states(ts.cfa, time.monotonic() + 5)
    live = {h: list(ts.cfa.variables) for h in ts.cfa.loops}
    return prefix_candidates(ts.cfa, states, live, program_constants(ts.cfa))


def has(facts: list[z3.BoolRef], wanted: z3.BoolRef) -> bool:
    return any(f.eq(wanted) for f in facts)


def test_a_shift_loop_gets_the_shifted_done_part_and_the_old_rest_as_candidates():
    ts = system(SHIFT.replace("OFFSET", "1"))
    found = candidates(ts)
    shifting, checking = found[head_at(ts, 14)], found[head_at(ts, 17)]
    assert has(shifting, fact(0, I, A[K] == B[K + 1]))
    assert has(shifting, fact(I, N, A[K] == B[K]))
    assert has(checking, fact(0, N - 1, A[K] == B[K + 1]))
    # a range empty in every sample is no evidence: [i, i) is never proposed
    assert not any("i <= #k, #k < i)" in str(f) for facts in found.values() for f in facts)


def test_a_reversed_copy_is_a_candidate():
    ts = system(REVERSED_COPY)
    (facts,) = candidates(ts).values()
    assert has(facts, fact(N - I, N, B[K] == A[N - 1 - K]))


def test_houdini_keeps_the_inductive_shift_fact_and_drops_a_wrong_one():
    ts = system(SHIFT.replace("OFFSET", "1"))
    head = head_at(ts, 14)
    right = [fact(0, I, A[K] == B[K + 1]), fact(I, N, A[K] == B[K])]
    wrong = fact(0, I, A[K] == B[K])  # true before the first iteration only
    bounds = {h: z3.And(I >= 0, N >= 1, N <= 6, I <= N) for h in ts.cfa.loops}  # inductive linear facts
    copied = fact(0, I, A[K] == B[K])  # the first loop's: it enters the second
    view = math_view(ts).view
    kept = prefix_houdini(view, bounds, {head_at(ts, 10): [copied], head: [*right, wrong]}, time.monotonic() + 20)
    assert kept is not None
    assert all(has(kept[head], f) for f in right)
    assert not has(kept[head], wrong)


@pytest.mark.parametrize("offset, verdict", [("1", Verdict.YES), ("0", Verdict.UNKNOWN)])
def test_a_shift_is_proved_with_a_certificate_both_solvers_accept_and_a_wrong_claim_is_not(offset, verdict):
    ts = system(SHIFT.replace("OFFSET", offset))
    answers = run_chc(ts, set(ts.checks), time.monotonic() + 10, include_unknown=True)
    (outcome,) = [o for k, o in answers.items() if k[0] == "assert"]
    assert outcome.verdict == verdict, outcome.reason
    if verdict == Verdict.YES:
        assert "a[k] == b[k + 1]" in outcome.certificate_text, outcome.certificate_text
        assert set(recheck(outcome.proof_smt2, timeout_s=60).checked_by) == {"z3", "cvc5"}
    else:
        assert "loop at line 17" in outcome.reason


# --------------------------------------------------------------- to bit-vectors

def test_an_index_expression_the_guard_keeps_in_range_is_carried_to_bit_vectors():
    ts = system(SHIFT.replace("OFFSET", "1"))
    shifted = fact(0, I, A[K] == B[K + 1])
    rest = fact(I, N, A[K] == B[K])
    assert to_bv(shifted, ts) is not None
    both = to_bv(z3.And(shifted, rest), ts)
    # each quantifier keeps its own guard and body (terms are memoised by id: a freed term's id comes back)
    assert both is not None and both.num_args() == 2
    for part in both.children():
        assert z3.is_quantifier(part) and z3.is_implies(part.body())
    # the whole index type: k + 1 leaves it at its top, so there is no exact reading
    top = 2 ** 63 - 1
    assert to_bv(z3.ForAll([K], z3.Implies(z3.And(0 <= K, K <= top), A[K] == B[K + 1])), ts) is None


@settings(max_examples=15, deadline=None, derandomize=True, database=None)
@given(st.integers(-3, 7), st.integers(-3, 7), st.lists(st.integers(-2, 2), min_size=8, max_size=8),
       st.lists(st.integers(-2, 2), min_size=8, max_size=8))
def test_the_bit_vector_reading_of_a_shifted_fact_agrees_with_python(i, n, a, b):
    """On concrete states (i, n, and a and b holding their lists at 0.. and 0 elsewhere): the
    bit-vector translation holds exactly when the fact, evaluated in Python, does."""
    ts = SHIFT_SYSTEM
    def element(values: list[int], j: int) -> int:
        return values[j] if 0 <= j < len(values) else 0

    claims = [(fact(0, I, A[K] == B[K + 1]), all(element(a, k) == element(b, k + 1) for k in range(0, i))),
              (fact(N - I, N, A[K] == B[K - 1]), all(element(a, k) == element(b, k - 1) for k in range(n - i, n)))]
    cur = ts.current
    index = cur["a"].sort().domain()
    elem_bits = cur["a"].sort().range().size()
    state = [cur["i"] == z3.BitVecVal(i % (1 << cur["i"].size()), cur["i"].size()),
             cur["n"] == z3.BitVecVal(n % (1 << cur["n"].size()), cur["n"].size()),
             cur["a"] == _stored(a, index, elem_bits), cur["b"] == _stored(b, index, elem_bits)]
    for claim, expected in claims:
        exact = to_bv(claim, ts)
        assert exact is not None
        solver = z3.Solver()
        solver.set("timeout", 10_000)
        solver.add(*state, z3.Not(exact))
        assert solver.check() == (z3.unsat if expected else z3.sat), (claim, i, n, a, b)


@settings(max_examples=15, deadline=None, derandomize=True, database=None)
@given(st.sampled_from([-2 ** 31, 2 ** 31 - 1]) | st.integers(-3, 8), st.lists(st.integers(-40, 40), min_size=6,
                                                                              max_size=6))
def test_the_element_before_a_counter_is_carried_to_bit_vectors_exactly(i, a):
    """``a[i - 1] <= 3 + 2 * (i - 1)`` (a running total's bound, `accumulated_bounds`): the index
    ``i - 1`` leaves the int counter's range at its bottom but not the 64-bit index type's."""
    ts = SHIFT_SYSTEM
    claim = A[I - 1] <= 3 + 2 * (I - 1)
    expected = (a[i - 1] if 0 <= i - 1 < len(a) else 0) <= 3 + 2 * (i - 1)
    exact = to_bv(claim, ts)
    assert exact is not None
    cur = ts.current
    index, elem_bits = cur["a"].sort().domain(), cur["a"].sort().range().size()
    solver = z3.Solver()
    solver.add(cur["i"] == z3.BitVecVal(i % (1 << cur["i"].size()), cur["i"].size()),
               cur["a"] == _stored(a, index, elem_bits), z3.Not(exact))
    assert solver.check() == (z3.unsat if expected else z3.sat), (i, a)


def _stored(values: list[int], index: z3.SortRef, bits: int) -> z3.ArrayRef:
    """A bit-vector array holding `values` at 0, 1, ... and 0 elsewhere."""
    out = z3.K(index, z3.BitVecVal(0, bits))
    for j, x in enumerate(values):
        out = z3.Store(out, z3.BitVecVal(j, index.size()), z3.BitVecVal(x % (1 << bits), bits))
    return out


SHIFT_SYSTEM = system(SHIFT.replace("OFFSET", "1"))
