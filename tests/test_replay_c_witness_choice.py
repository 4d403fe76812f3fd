"""Witnesses that replay anywhere, and a replay that lets gcc's order of evaluation speak.

* An allocation fails in a witness only when the bug needs it (engines/safety/allocations.py):
  BMC asks for a model with every allocation succeeding, the sampling lane runs the
  same inputs again with them succeeding; a failure the bug needs is kept.
* Within one C full expression the interpreter evaluates left to right; when it stops
  at another check of the engine's line (an unsequenced sibling), gcc's run decides:
  a no if it fails the engine's check at its line, unknown otherwise.
"""

from __future__ import annotations

import shutil
import time

import pytest

from tests.helpers import c_main_system, only, prove_source
from verifier.engines.safety.allocations import is_allocation_choice
from verifier.engines.safety.bmc import Bmc
from verifier.engines.safety.sampling import run_sampling
from verifier.interpret import run_cfa
from verifier.result import Verdict

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is not installed")

PRELUDE = """\
extern void *malloc(unsigned long);
extern void free(void *);
extern int __VERIFIER_nondet_int(void);
"""
#: the freeing loop reads c->next after free(c): any list of one or more cells shows it
LIST = PRELUDE + """
struct cell { int data; struct cell *next; };
int main(void) {
  struct cell *head = 0;
  for (int k = 0; k < 3; k++) {
    struct cell *c = malloc(sizeof(struct cell));
    if (c == 0) {
      break;
    }
    c->data = __VERIFIER_nondet_int();
    c->next = head;
    head = c;
  }
  struct cell *c = head;
  while (c != 0) {
    free(c);
    c = c->next;
  }
  return 0;
}
"""
#: p is freed when q's allocation fails or n is 7: the bug does not need a failure
EITHER = PRELUDE + """
int main(void) {
  int *p = malloc(sizeof(int));
  if (p == 0) return 0;
  int *q = malloc(sizeof(int));
  int n = __VERIFIER_nondet_int();
  if (q == 0 || n == 7) free(p);
  if (q != 0) free(q);
  return *p;
}
"""


def failing_allocations(ts, nondet: dict) -> list[str]:
    sites = {site for site, info in ts.nondets.items() if is_allocation_choice(info.node)}
    return [key for key, value in nondet.items() if key.rpartition("@")[0] in sites and value]


def replays(ts, witness, kind: str) -> bool:
    run = run_cfa(ts.cfa, witness.params, lambda site, step, t: witness.nondet.get(f"{site}@{step}", 0))
    return run.failure is not None and run.failure[0] == kind


def bmc_witness(ts, kind: str):
    keys = {k for k in ts.checks if k[0] == kind}
    bmc = Bmc(ts, keys)
    deadline = time.monotonic() + 30
    while not bmc.finished and time.monotonic() < deadline:
        for outcome in bmc.advance(deadline).values():
            if outcome.verdict == Verdict.NO:
                return outcome.witness
    raise AssertionError("BMC found no failure")


def test_sampled_witnesses_make_no_allocation_fail_the_bug_does_not_need():
    ts = c_main_system(LIST)
    keys = {k for k in ts.checks if k[0] == "use-after-free"}
    for seed in range(4, 20, 3):  # 4, 10, 13, 16 and 19 draw a failing allocation first
        found = run_sampling(ts, keys, time.monotonic() + 20, seed=seed, first_only=True)
        (outcome,) = found.values()
        assert failing_allocations(ts, outcome.witness.nondet) == [], seed
        assert replays(ts, outcome.witness, "use-after-free"), seed


def test_bmc_prefers_a_witness_whose_allocations_succeed():
    ts = c_main_system(EITHER)
    witness = bmc_witness(ts, "use-after-free")
    assert failing_allocations(ts, witness.nondet) == []
    assert 7 in witness.nondet.values()  # the other way to free p
    assert replays(ts, witness, "use-after-free")


def test_bmc_keeps_an_allocation_failure_its_shortest_witness_needs():
    ts = c_main_system(LIST)
    witness = bmc_witness(ts, "use-after-free")
    assert len(failing_allocations(ts, witness.nondet)) == 1  # the loop ends early: the shortest run
    assert replays(ts, witness, "use-after-free")


SIBLINGS = """\
extern void __VERIFIER_assume(int);
long by_store(long v, unsigned char w) {
  long a[2] = {1, 2};
  long b[2] = {0, 1};
  __VERIFIER_assume(v >= 9223372036854775804L);
  a[b[w]] = v * w;
  return a[0];
}
long by_operator(long v, unsigned char w) {
  int a[2] = {1, 2};
  __VERIFIER_assume(v >= 9223372036854775804L);
  return a[w] % (v * w);
}
"""


@needs_gcc
def test_a_failure_the_interpreter_meets_second_in_its_expression_is_confirmed_by_gcc_only(tmp_path):
    results = prove_source(tmp_path, SIBLINGS, check="overflow", timeout=20)
    # the interpreter reads b[w] first and stops there; gcc computes the stored value first
    by_store = only([r for r in results if "mul" in r.message], "overflow", 6)
    assert by_store.verdict == Verdict.NO, by_store.reason
    assert by_store.counterexample.confirmed and by_store.counterexample.inputs["w"] >= 2
    assert "overflow at line 6" in by_store.counterexample.replay
    assert "the interpreter, evaluating left to right, failed bounds at this line first" in by_store.counterexample.replay
    # here gcc reads a[w] first, as the interpreter does: nothing confirms the overflow
    by_operator = only([r for r in results if "mul" in r.message], "overflow", 12)
    assert by_operator.verdict == Verdict.UNKNOWN
    assert "did not replay" in by_operator.reason and "bounds at line 12" in by_operator.reason
