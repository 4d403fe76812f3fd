"""Each element of a short array bounded by a counter (`engines.invariants.element_counters`):
a loop that increments one slot of a global struct array per iteration, found by a search
that returns its address, keeps every slot at most the iterations done; claiming one fewer is
a replayed assertion failure."""

from __future__ import annotations

import shutil

import pytest

from verifier.cfa import build_cfa
from verifier.engines.invariants.element_counters import counted_arrays
from verifier.frontends.c import parse_c
from verifier.result import Verdict

from .helpers import COMPETITION_HEADER, chc_outcomes, only, prove_source

TALLY = COMPETITION_HEADER + """\
extern int __VERIFIER_nondet_int(void);
struct bin { int key; int hits; };
struct bin bins[4] = {{10, 0}, {20, 0}, {30, 0}, {40, 0}};
struct bin *find(int key) {
  int j;
  for (j = 0; j < 4; j++) {
    if (bins[j].key == key) {
      return &bins[j];
    }
  }
  return 0;
}
int main(void) {
  int n;
  for (n = 0; n < 3; n++) {
    struct bin *b = find(__VERIFIER_nondet_int());
    if (b != 0) {
      b->hits++;
    }
  }
  __VERIFIER_assert(bins[0].hits <= 3);
  return 0;
}
"""


def test_an_element_stepped_in_place_is_counted_and_one_only_written_is_not():
    cfa = build_cfa(parse_c(TALLY, "t.c", "bv"), "main")
    assert counted_arrays(cfa) == {"bins[].hits"}
    filled = "int a[3];\nint main(void) { int i; for (i = 0; i < 3; i++) { a[i] = i + 1; } return a[2]; }\n"
    assert counted_arrays(build_cfa(parse_c(filled, "t.c", "bv"), "main")) == set()


def test_slots_incremented_through_a_found_pointer_stay_within_the_iterations():
    outcomes = chc_outcomes(TALLY, ("assert", "overflow", "bounds", "null"), seconds=120.0)
    assert {k[0] for k in outcomes} >= {"assert", "overflow"}
    assert all(o.verdict == Verdict.YES for o in outcomes.values()), \
        {k: o.reason for k, o in outcomes.items() if o.verdict != Verdict.YES}
    proof = outcomes[next(k for k in outcomes if k[0] == "assert")].certificate_text
    assert "bins[].hits[0] <= n" in proof


@pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is needed to replay C")
def test_claiming_one_hit_fewer_than_the_iterations_is_a_replayed_failure(tmp_path):
    source = TALLY.replace("bins[0].hits <= 3", "bins[0].hits <= 2")
    r = only(prove_source(tmp_path, source, check="assert", timeout=30), "assert")
    assert r.verdict == Verdict.NO and r.counterexample.confirmed, (r.verdict, r.reason)
