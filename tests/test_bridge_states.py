"""A loop head behind a loop longer than any sampled run gets states carried over from the invariant
of the loop before it (`bridge_states`), and congruences are guessed (`sampled_invariants`)."""

from __future__ import annotations

import time

import z3

from verifier.crosscheck.recheck import recheck
from verifier.engines.invariants.bridge_states import bridged_starts
from verifier.engines.invariants.math_reading import math_view
from verifier.engines.invariants.sampled_invariants import guess_candidates, sample_states
from verifier.result import Verdict

from .helpers import COMPETITION_HEADER, c_main_system, chc_outcomes

#: arr_init_large's shape: a first loop of 100,000 iterations sets every cell, a second reads them back.
INIT_THEN_CHECK = COMPETITION_HEADER + """
#define SIZE 100000
int main() {
  int a[SIZE];
  unsigned int i;
  for (i = 0; i < SIZE; i++)
    a[i] = 42;
  for (i = 0; i < SIZE; i++)
    __VERIFIER_assert(a[i] == 42);
  return 0;
}
"""


def test_the_states_entering_the_second_loop_hold_what_the_first_loop_established():
    ts = c_main_system(INIT_THEN_CHECK)
    first, second = sorted(ts.cfa.loops)
    assert not sample_states(ts.cfa, time.monotonic() + 30)[second]  # no run gets that far
    view = math_view(ts).view
    a, i = z3.Array("a", z3.IntSort(), z3.IntSort()), z3.Int("i")
    k = z3.Int("k")
    known = {first: z3.And(0 <= i, i <= 100000, z3.ForAll([k], z3.Implies(z3.And(0 <= k, k < i), a[k] == 42)))}
    starts = bridged_starts(view, known, {first}, time.monotonic() + 30)
    assert starts and {head for head, _ in starts} == {second}
    for _, env in starts:
        assert env["i"] == 0
        assert all(env["a"].select(n) == 42 for n in (0, 1, 99_999))
    states = sample_states(ts.cfa, time.monotonic() + 30, runs=len(starts), starts=starts)
    assert len(states[second]) > len(starts)  # the runs go on from there, round the second loop


def test_a_check_loop_after_a_long_initialising_loop_is_proved_and_rechecked_by_both_solvers():
    (outcome,) = chc_outcomes(INIT_THEN_CHECK, checks=("assert",), seconds=30).values()
    assert outcome.verdict == Verdict.YES, outcome.reason
    assert "0 <= k < 100000 -> a[k] == 42" in outcome.certificate_text, outcome.certificate_text
    assert set(recheck(outcome.proof_smt2, timeout_s=60).checked_by) == {"z3", "cvc5"}


def test_congruences_true_of_every_sample_are_proposed():
    x = z3.Int("x")
    (cands,) = guess_candidates({5: [{"x": 1}, {"x": 9}, {"x": 5}]}, {5: ["x"]}, {"x"}).values()
    assert any(z3.eq(c, x % 4 == 1) for c in cands) and any(z3.eq(c, x % 2 == 1) for c in cands)
    assert not any(z3.eq(c, x % 8 == 1) for c in cands)


#: ``break`` on a nondeterministic int: sampled runs must go round more than once or twice.
BREAK_ON_NONDET = COMPETITION_HEADER + """
int main() {
  unsigned int x = 0;
  while (1) {
    x += 4;
    if (__VERIFIER_nondet_int()) break;
  }
  __VERIFIER_assert(x % 4 == 0);
  return 0;
}
"""


def test_a_nondeterministic_int_tested_for_zero_is_sampled_as_a_truth_value():
    ts = c_main_system(BREAK_ON_NONDET)
    (states,) = sample_states(ts.cfa, time.monotonic() + 30).values()
    assert max(s["x"] for s in states) >= 20


STEP_OF_TWO = COMPETITION_HEADER + """
int main() {
  int i = 0;
  int s = 0;
  while (i < 1000) {
    s += 6;
    i += 2;
  }
  __VERIFIER_assert(i % 2 == 0);
  return 0;
}
"""


def test_a_parity_kept_by_a_loop_is_proved_and_rechecked_by_both_solvers():
    (outcome,) = chc_outcomes(STEP_OF_TWO, checks=("assert",), seconds=30).values()
    assert outcome.verdict == Verdict.YES, outcome.reason
    assert set(recheck(outcome.proof_smt2, timeout_s=60).checked_by) == {"z3", "cvc5"}
