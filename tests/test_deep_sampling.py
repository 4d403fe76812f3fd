"""A loop head behind a first loop longer than a sampled run (`sampled_invariants.MAX_EDGES`) is
sampled by a few longer runs, so that its facts are guessed too (`chc._guess`)."""

from __future__ import annotations

import time

from verifier.crosscheck.recheck import recheck
from verifier.engines.invariants.sampled_invariants import sample_states
from verifier.result import Verdict

from .helpers import COMPETITION_HEADER, c_main_system, chc_outcomes

#: The first loop runs 300 times; the second keeps ``hits + misses == k``, which only samples suggest.
TWO_PHASES = COMPETITION_HEADER + """
int main() {
  int v[300];
  for (int k = 0; k < 300; k++)
    v[k] = __VERIFIER_nondet_int();
  unsigned int hits = 0, misses = 0;
  for (unsigned int k = 0; k < 300; k++) {
    if (v[k] % 3 == 0) hits++; else misses++;
  }
  __VERIFIER_assert(hits + misses == 300);
  return 0;
}
"""


def test_the_second_loop_head_is_out_of_reach_of_ordinary_runs():
    cfa = c_main_system(TWO_PHASES).cfa
    states = sample_states(cfa, time.monotonic() + 30)
    assert [h for h, found in states.items() if not found], states.keys()


def test_a_count_after_a_long_first_loop_is_proved_and_rechecked_by_both_solvers():
    answers = chc_outcomes(TWO_PHASES, checks=("assert",), seconds=20)
    (outcome,) = answers.values()
    assert outcome.verdict == Verdict.YES, outcome.reason
    assert set(recheck(outcome.proof_smt2, timeout_s=60).checked_by) == {"z3", "cvc5"}


#: Cells written as an arithmetic progression: ``forall k < i. v[k] == 2 * k + 5`` at the loop head.
PROGRESSION = COMPETITION_HEADER + """
int v[16];
int main() {
  for (int k = 0; k < 16; k++)
    v[k] = 2 * k + 5;
  int j = __VERIFIER_nondet_int();
  __VERIFIER_assume(0 <= j && j < 16);
  __VERIFIER_assert(v[j] == 2 * j + 5);
  return 0;
}
"""


def test_cells_written_as_an_arithmetic_progression_are_proved_and_rechecked_by_both_solvers():
    answers = chc_outcomes(PROGRESSION, checks=("assert",), seconds=20)
    (outcome,) = answers.values()
    assert outcome.verdict == Verdict.YES, outcome.reason
    assert "== 2*m + 5" in outcome.certificate_text, outcome.certificate_text
    assert set(recheck(outcome.proof_smt2, timeout_s=60).checked_by) == {"z3", "cvc5"}
