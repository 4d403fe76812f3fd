"""Linked lists passed to the analysed function (``int length(struct node *head)``):
by the list-parameter convention (`verifier.frontends.c_list_params`) the input is
NULL or an acyclic list of at most `LIST_NODES` fresh nodes of any contents, each
from its own malloc (the function may free it). Every
yes that the bound limits says so; every no is a list the replay harness builds
and runs under gcc's sanitizers. Both are checked here against real runs of each
function on lists Hypothesis draws, built by a driver of the test's own."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.frontends.c_list_params import LIST_NODES
from verifier.result import Verdict

from .helpers import prove_source

HEADER = """\
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *);
void reach_error() { __assert_fail("0", "t.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) { if (!(cond)) { ERROR: {reach_error(); abort();} } }
#include <stdlib.h>
struct node { int v; struct node *next; };
"""

FUNCTIONS = {
    "length": """
int length(struct node *head) {
  int n = 0;
  while (head) {
    n++;
    head = head->next;
  }
  return n;
}
""",
    "capped_sum": """
int capped_sum(struct node *p) {
  int s = 0;
  for (; p != NULL; p = p->next)
    if (p->v > 0 && p->v < 100)
      s += p->v;
  __VERIFIER_assert(s < 400);
  return s;
}
""",
    "sum": """
int sum(struct node *p) {
  int s = 0;
  while (p) {
    s += p->v;
    p = p->next;
  }
  return s;
}
""",
    "second": """
int second(struct node *head) {
  if (head && head->next)
    return head->next->v;
  return 0;
}
""",
    "third": """
int third(struct node *head) {
  if (head && head->next)
    return head->next->next->v;
  return 0;
}
""",
    "free_list": """
void free_list(struct node *h) {
  while (h) {
    struct node *n = h->next;
    free(h);
    h = n;
  }
}
""",
    "use_after": """
int use_after(struct node *h) {
  if (!h)
    return 0;
  free(h);
  return h->v;
}
""",
}

SOURCE = HEADER + "".join(FUNCTIONS.values())

#: the driver: a list of the nondet values' length and contents, each node from malloc
DRIVER = """
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int n = __VERIFIER_nondet_int();
  struct node *head = 0, **tail = &head;
  for (int i = 0; i < n; i++) {
    struct node *x = malloc(sizeof *x);
    x->v = __VERIFIER_nondet_int();
    x->next = 0;
    *tail = x;
    tail = &x->next;
  }
  FUNCTION(head);
  return 0;
}
"""

CHECKS = "assert,overflow,bounds,null,free,use-after-free"


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory):
    """Every result of `SOURCE`'s functions, by function."""
    tmp = tmp_path_factory.mktemp("lists")
    results = prove_source(tmp, SOURCE, check=CHECKS, timeout=30)
    by_function: dict[str, list] = {}
    for r in results:
        by_function.setdefault(r.target.rsplit(":", 1)[1], []).append(r)
    return by_function


@pytest.fixture(scope="module")
def drivers(tmp_path_factory):
    """For each function, a C file that runs it on the list the nondet values describe."""
    tmp = tmp_path_factory.mktemp("drivers")
    out = {}
    for name in FUNCTIONS:
        path = tmp / f"{name}.c"
        path.write_text(SOURCE + DRIVER.replace("FUNCTION", name))
        out[name] = path
    return out


def _line_of(name: str, text: str) -> int:
    return next(n for n, line in enumerate(SOURCE.splitlines(), 1) if text in line
                and n > SOURCE.splitlines().index(FUNCTIONS[name].strip().splitlines()[0]))


def test_the_list_functions_are_answered_as_entry_points(verdicts):
    answers = {name: {(r.check, r.location.line, r.location.column): r.verdict for r in rs}
               for name, rs in verdicts.items()}
    assert set(answers) == set(FUNCTIONS)
    no = {name: sorted({k[:2] for k, v in a.items() if v == Verdict.NO}) for name, a in answers.items()}
    assert no == {"length": [], "capped_sum": [], "second": [], "free_list": [],
                  "use_after": [("use-after-free", _line_of("use_after", "return h->v"))],
                  "sum": [("overflow", _line_of("sum", "s += p->v"))],
                  "third": [("null", _line_of("third", "head->next->next->v"))]}
    for name in ("length", "capped_sum", "second", "free_list"):
        assert all(_proved_within_the_bound(r) for r in verdicts[name]), (name, answers[name])


def _proved_within_the_bound(r) -> bool:
    """A yes, or an unknown whose only gap is the list bound (its proof kept, with the bound)."""
    return r.verdict == Verdict.YES or (r.verdict == Verdict.UNKNOWN and r.certificate is not None
                                        and bool(r.certificate.scope) and "proved only for" in r.reason)


def test_a_proof_the_list_bound_limits_is_no_yes_and_one_it_cannot_limit_is(verdicts):
    """A proof for lists of at most LIST_NODES nodes says nothing of longer ones: unknown, naming
    the bound; where the bound cannot change the answer (`second` reads two links) it is a yes."""
    assert all(r.verdict == Verdict.YES and r.certificate.scope == "" for r in verdicts["second"])
    for name in ("length", "capped_sum"):
        for r in verdicts[name]:
            assert r.verdict == Verdict.UNKNOWN, (name, r.check, r.verdict)
            assert f"a list of at most {LIST_NODES} nodes" in r.reason, (name, r.check, r.reason)
            assert r.certificate.to_json()["scope"] == r.certificate.scope


def test_the_bound_is_real_a_longer_list_breaks_the_capped_sum(native, drivers):
    """Why the proof of `capped_sum` is no yes: five nodes of 99 fail its assertion."""
    run = native.run(drivers["capped_sum"], [LIST_NODES + 1] + [99] * (LIST_NODES + 1), leaks=False)
    assert run.check == "assert", run.report
    assert native.run(drivers["capped_sum"], [LIST_NODES] + [99] * LIST_NODES, leaks=False).check is None


def test_every_no_is_a_list_the_replay_built_and_the_driver_fails_on_too(verdicts, native, drivers):
    for name, rs in verdicts.items():
        for r in rs:
            if r.verdict != Verdict.NO:
                continue
            cex = r.counterexample
            assert cex.confirmed, (name, r.check, cex.replay)
            (values,) = [v for k, v in cex.inputs.items() if k.endswith("[->next].v")]
            run = native.run(drivers[name], [len(values), *values], leaks=False)
            assert (run.check, run.line) == (r.check, r.location.line), (name, values, run.report)


INTS = st.one_of(st.integers(-3, 120), st.sampled_from([2**31 - 1, -2**31, 2**30 + 1]))


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
          derandomize=True)
@given(values=st.lists(INTS, max_size=LIST_NODES))
def test_no_proof_is_contradicted_by_a_real_run_on_a_list_within_the_bound(verdicts, native, drivers, name, values):
    run = native.run(drivers[name], [len(values), *values], leaks=False)
    if run.check is None:
        return
    # the run names a line, not a column: some check of that kind there must not be proved
    there = [r for r in verdicts[name] if (r.check, r.location.line) == (run.check, run.line)]
    assert there and not all(_proved_within_the_bound(r) for r in there), (name, values, run.report)


def test_a_struct_with_other_pointer_fields_leaves_only_that_function_unknown(tmp_path):
    source = HEADER + """
struct dnode { int v; struct dnode *next; struct dnode *prev; };
int back(struct dnode *d) {
  return d->prev->v;
}
int twice(int x) {
  return x + x;
}
"""
    results = prove_source(tmp_path, source, check="overflow,null")
    back = [r for r in results if r.target.endswith(":back")]
    assert back and all(r.verdict == Verdict.UNKNOWN for r in back)
    line = source.splitlines().index("int back(struct dnode *d) {") + 1
    assert all("unsupported construct: parameter 'd' of 'back'" in r.reason for r in back), back[0].reason
    assert all(r.location.line == line for r in back)
    (twice,) = [r for r in results if r.target.endswith(":twice")]
    assert twice.verdict == Verdict.NO and twice.counterexample.confirmed
