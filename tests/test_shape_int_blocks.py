"""Blocks of ints in the heap shape engine (`engines.invariants.shape`): a loop that allocates a
block of ints, uses it and frees it in each iteration is proved safe (no block allocated at the
loop head: *released*; a total within a constant times the blocks taken); freeing all but one
is a leak replayed under gcc."""

from __future__ import annotations

import shutil

import pytest

from verifier.cfa import build_cfa
from verifier.encode import encode
from verifier.engines.invariants.shape import heap_shape
from verifier.frontends.c import parse_c
from verifier.result import Verdict

from .helpers import chc_outcomes, only, prove_source

MEMORY = ("null", "bounds", "use-after-free", "free", "leak", "overflow")

#: three zeroed blocks of two ints, one per iteration, each freed before the next
FREED_EACH_TIME = """\
extern void *calloc(unsigned long nmemb, unsigned long size);
extern void free(void *ptr);
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int total = 0;
  int r;
  for (r = 0; r < 4; r++) {
    int *q = calloc(2, sizeof(int));
    if (q == 0) {
      return 1;
    }
    q[1] = __VERIFIER_nondet_int();
    if (q[1] >= 0 && q[1] <= 500) {
      total = total + q[1] + q[0];
    }
    free(q);
  }
  return total > 2000;
}
"""
#: the third iteration keeps its block
KEPT_ONCE = FREED_EACH_TIME.replace("    free(q);\n", "    if (r != 2) {\n      free(q);\n    }\n")


def test_blocks_of_ints_allocated_in_a_loop_are_heap_blocks_of_the_shape():
    cfa = build_cfa(parse_c(FREED_EACH_TIME, "t.c", "bv"), "main")
    shape = heap_shape(encode(cfa).variables, cfa)
    assert shape is not None and len(shape.blocks) == 4 and [kept for _, kept in shape.counters] == [4]
    assert all(not b.pointer_fields and not b.int_fields for b in shape.blocks)


def test_a_block_of_ints_freed_in_each_iteration_is_proved_safe():
    outcomes = chc_outcomes(FREED_EACH_TIME, MEMORY, seconds=120.0)
    assert {k[0] for k in outcomes} >= {"leak", "free", "use-after-free", "overflow"}
    assert all(o.verdict == Verdict.YES for o in outcomes.values()), \
        {k: o.reason for k, o in outcomes.items() if o.verdict != Verdict.YES}


@pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is needed to replay C")
def test_a_block_kept_in_one_iteration_is_a_replayed_leak(tmp_path):
    r = only(prove_source(tmp_path, KEPT_ONCE, check="leak", timeout=30), "leak")
    assert r.verdict == Verdict.NO and r.counterexample.confirmed, (r.verdict, r.reason)
    assert r.location.line == 8  # the calloc
