"""Heap shape invariants (`engines.invariants.shape`, `shape_invariants`): lists built with
`malloc` in a loop, walked until NULL and freed, proved safe by the invariant engine; every
program proved here runs under gcc -fsanitize=address,undefined on Hypothesis-generated
nondet values and failing allocations without a failure."""

from __future__ import annotations

import time

import pytest
import z3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.cfa import build_cfa
from verifier.encode import encode
from verifier.engines.invariants.certify import INTEGER_READING_NOTE, Certifier
from verifier.engines.invariants.chc import ChcOptions, ChcStats
from verifier.engines.invariants.math_reading import math_view
from verifier.engines.invariants.shape import heap_shape
from verifier.engines.invariants.shape_invariants import shape_invariant, tightest
from verifier.frontends.c import parse_c
from verifier.result import Verdict

from .helpers import c_main_system, chc_outcomes

HEADER = """\
extern void *malloc(unsigned long size);
extern void free(void *ptr);
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int cond);
struct node {
  int data;
  struct node *next;
};
"""
MEMORY = ("null", "bounds", "use-after-free", "free", "leak")

#: prepended nodes (a constant bound), read by a walk until NULL, freed next-first
PREPEND = HEADER + """\
int main(void) {
  struct node *head = 0;
  int i;
  for (i = 0; i < 2; i++) {
    struct node *n = malloc(sizeof(struct node));
    if (n == 0) {
      break;
    }
    n->data = __VERIFIER_nondet_int();
    n->next = head;
    head = n;
  }
  int last = 0;
  struct node *p;
  for (p = head; p != 0; p = p->next) {
    last = p->data;
  }
  while (head != 0) {
    struct node *rest = head->next;
    free(head);
    head = rest;
  }
  return 0;
}
"""
#: appended through a tail pointer, a nondet number of nodes (at most 2)
APPEND = HEADER + """\
int main(void) {
  int count = __VERIFIER_nondet_int();
  __VERIFIER_assume(count <= 2);
  struct node *head = 0;
  struct node *tail = 0;
  int i;
  for (i = 0; i < count; i++) {
    struct node *n = malloc(sizeof(struct node));
    if (n == 0) {
      break;
    }
    n->data = i;
    n->next = 0;
    if (tail == 0) {
      head = n;
    } else {
      tail->next = n;
    }
    tail = n;
  }
  while (head != 0) {
    struct node *rest = head->next;
    free(head);
    head = rest;
  }
  return 0;
}
"""
#: prepended nodes of data 0..10, summed by a walk until NULL: the sum is at most 10 per node walked
SUM = HEADER + """\
extern void abort(void);
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    abort();
  }
}
int main(void) {
  struct node *head = 0;
  int i;
  for (i = 0; i < 2; i++) {
    struct node *n = malloc(sizeof(struct node));
    if (n == 0) {
      break;
    }
    n->data = __VERIFIER_nondet_int();
    __VERIFIER_assume(n->data >= 0 && n->data <= 10);
    n->next = head;
    head = n;
  }
  int sum = 0;
  struct node *p;
  for (p = head; p != 0; p = p->next) {
    sum += p->data;
  }
  __VERIFIER_assert(sum <= 20);
  while (head != 0) {
    struct node *rest = head->next;
    free(head);
    head = rest;
  }
  return 0;
}
"""
#: the freeing walk reads the node it just freed
FREED_THEN_READ = PREPEND.replace("""    struct node *rest = head->next;
    free(head);
    head = rest;""", """    free(head);
    head = head->next;""")


def _outcomes(source: str):
    """The invariant engine's outcomes (some 2 s of CPU each: the time allowed is for a loaded machine)."""
    return chc_outcomes(source, MEMORY, seconds=120.0)


def test_heap_shape_reads_the_blocks_pointers_and_allocation_counter():
    cfa = build_cfa(parse_c(PREPEND, "t.c", "bv"), "main")
    shape = heap_shape(encode(cfa).variables, cfa)
    assert shape is not None
    assert [b.number for b in shape.blocks] == [1, 2]  # the loop runs twice: two blocks at the site
    assert all(len(b.pointer_fields) == 1 and b.pointer_fields[0].endswith("[].next") for b in shape.blocks)
    assert {"head", "n", "p", "rest"} <= set(shape.pointers)
    assert [kept for _, kept in shape.counters] == [2]


def test_a_function_without_heap_blocks_has_no_shape():
    source = "int main(void) { int a[2] = {1, 2}; int *p = a; return p[1] - 2; }\n"
    cfa = build_cfa(parse_c(source, "t.c", "bv"), "main")
    assert heap_shape(encode(cfa).variables, cfa) is None


def test_tightest_keeps_the_strongest_of_each_bound_and_implication():
    x, c, s = z3.Ints("x c s")
    facts = [x >= -1, x >= 0, x <= 4, x <= 3, z3.Implies(c <= 0, s == 0), z3.Implies(c <= 1, s == 0),
             z3.Implies(c > 2, s != 0), z3.Implies(c > 1, s != 0), x != s]
    kept = {str(f) for f in tightest(facts)}
    assert kept == {str(f) for f in (x >= 0, x <= 3, z3.Implies(c <= 1, s == 0), z3.Implies(c > 1, s != 0), x != s)}


def test_a_prepended_list_walked_and_freed_is_proved_safe_by_its_shape():
    outcomes = _outcomes(PREPEND)
    assert {k[0] for k in outcomes} >= {"null", "use-after-free", "free", "leak"}
    assert all(o.verdict == Verdict.YES for o in outcomes.values()), \
        {k: o.reason for k, o in outcomes.items() if o.verdict != Verdict.YES}


def test_an_appended_list_of_a_nondet_length_is_proved_safe_by_its_shape():
    outcomes = _outcomes(APPEND)
    assert all(o.verdict == Verdict.YES for o in outcomes.values()), \
        {k: o.reason for k, o in outcomes.items() if o.verdict != Verdict.YES}


@pytest.mark.parametrize("bound, proved", [(20, True), (19, False)])
def test_a_sum_over_a_walk_is_bounded_by_the_field_bound_per_node(bound, proved):
    source = SUM.replace("sum <= 20", f"sum <= {bound}")
    ts = c_main_system(source)
    mv = math_view(ts)
    inv = shape_invariant(heap_shape(ts.variables, ts.cfa), mv.view, time.monotonic() + 120)
    keys = {k for k in ts.checks if k[0] in ("assert", "overflow")}
    assert inv is not None and any(k[0] == "assert" for k in keys)
    found = Certifier(ts, mv, ChcOptions(), ChcStats()).certify(inv, True, keys, time.monotonic() + 120, "shape",
                                                                reading_first=True)
    assert ({k for k in found if k[0] == "assert"} != set()) == proved
    assert {k for k in found if k[0] == "overflow"} == {k for k in keys if k[0] == "overflow"}


@pytest.mark.parametrize("reading_first", [False, True])  # bit-vector obligations, or the integer reading's at once
def test_reading_a_freed_node_is_never_proved(reading_first):
    ts = c_main_system(FREED_THEN_READ)
    mv = math_view(ts)
    inv = shape_invariant(heap_shape(ts.variables, ts.cfa), mv.view, time.monotonic() + 120)
    line = FREED_THEN_READ.splitlines().index("    head = head->next;") + 1
    read = {k for k in ts.checks if k[0] == "use-after-free" and k[1] == line}
    built = {k for k in ts.checks if k[0] == "null" and k[1] < line - 10}  # the nodes' fields, as they are built
    assert inv is not None and read and built
    proved = Certifier(ts, mv, ChcOptions(), ChcStats()).certify(inv, True, read | built, time.monotonic() + 120,
                                                                  "shape", reading_first=reading_first)
    assert set(proved) == built
    assert not reading_first or all(o.certificate_text.endswith(INTEGER_READING_NOTE) for o in proved.values())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.integers(-3, 5) | st.sampled_from([-2**31, 2**31 - 1]), max_size=6),
       failing=st.lists(st.integers(1, 3), max_size=2))
def test_the_proved_lists_run_without_a_sanitizer_report(native, tmp_path_factory, values, failing):
    for name, source in (("prepend", PREPEND), ("append", APPEND), ("sum", SUM)):
        path = tmp_path_factory.getbasetemp() / f"shape_{name}.c"
        if not path.exists():
            path.write_text(source)
        run = native.run(path, values, leaks=True, failing_allocations=failing)
        assert run.check is None, (name, values, failing, run.report[-600:])
