"""Safety obligations cut to what each check needs (`engines.invariants.safety_slices`): the
certificate of a heap list keeps the whole invariant in its initiation and consecution
obligations, but each check's safety obligation holds only the conjuncts of an unsat core, is
smaller than the whole, and is re-checked by z3 and cvc5; a check the invariant does not prove
keeps a satisfiable obligation (slicing never makes a failing one pass)."""

from __future__ import annotations

import time

import pytest
import z3

from verifier.crosscheck.recheck import recheck
from verifier.engines.invariants.math_reading import math_view
from verifier.engines.invariants.safety_slices import SafetySlicer
from verifier.engines.invariants.shape import heap_shape
from verifier.engines.invariants.shape_invariants import shape_invariant
from verifier.invariant_certificate import obligations, to_smt2

from .helpers import c_main_system

#: two nodes prepended, walked to count them, then freed; the last line reads a freed node
LIST = """\
extern void *malloc(unsigned long size);
extern void free(void *ptr);
extern int __VERIFIER_nondet_int(void);
struct cell {
  int weight;
  struct cell *link;
};
int main(void) {
  struct cell *first = 0;
  int made;
  for (made = 0; made < 2; made++) {
    struct cell *c = malloc(sizeof(struct cell));
    if (c == 0) {
      break;
    }
    c->weight = __VERIFIER_nondet_int();
    c->link = first;
    first = c;
  }
  int seen = 0;
  struct cell *w;
  for (w = first; w != 0; w = w->link) {
    seen = seen + 1;
  }
  struct cell *old = first;
  while (first != 0) {
    struct cell *next = first->link;
    free(first);
    first = next;
  }
  if (old != 0) {
    seen = old->weight;
  }
  return seen;
}
"""
STALE_READ = LIST.count("\n", 0, LIST.index("seen = old->weight")) + 1


@pytest.fixture(scope="module")
def sliced():
    """The list's shape invariant (integer reading) and its slicer."""
    ts = c_main_system(LIST)
    view = math_view(ts).view
    inv = shape_invariant(heap_shape(ts.variables, ts.cfa), view, time.monotonic() + 120)
    assert inv is not None
    return view, inv, SafetySlicer(view, inv, time.monotonic() + 120)


def test_each_checks_safety_obligations_are_smaller_and_rechecked_by_both_solvers(sliced):
    view, inv, slicer = sliced
    walked = [k for k in view.ts.checks if k[0] == "null" and k[1] == LIST.count("\n", 0, LIST.index("first->link")) + 1]
    assert len(walked) == 1
    whole = [to_smt2(o) for o in obligations(view.ts, inv, walked, view.state_facts, view.nondet_facts)
             if o.kind == "safety"]
    cut = [to_smt2(o) for o in slicer.safety(walked[0])]
    assert cut and sum(map(len, cut)) < sum(map(len, whole)) / 2
    assert set(recheck(cut, 60).checked_by) == {"z3", "cvc5"}


def test_a_read_of_a_freed_node_keeps_a_failing_safety_obligation(sliced):
    view, _, slicer = sliced
    stale = [k for k in view.ts.checks if k[0] == "use-after-free" and k[1] == STALE_READ]
    assert len(stale) == 1
    failing = [o for o in slicer.safety(stale[0]) if z3.Solver().check(o.formula) != z3.unsat]
    assert failing
