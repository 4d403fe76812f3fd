"""BMC's steps with the values every execution shares folded in (engines/safety/known_values.py).

* The facts of each depth hold of every execution the original steps allow, and
  under them the folded steps and error conditions are the original ones (z3 says so).
* A loop with a constant bound is unrolled one block per step, and BMC's no on it
  matches the arithmetic and replays in the interpreter (Hypothesis draws the bounds).
"""

from __future__ import annotations

import time

import z3
from hypothesis import given, settings, strategies as st

from tests.helpers import c_main_system
from verifier.engines.safety.bmc import Bmc
from verifier.engines.safety.known_values import Facts, KnownValues
from verifier.engines.safety.unroll import Unroller
from verifier.interpret import run_cfa
from verifier.result import Verdict

PRELUDE = """\
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int);
extern void __VERIFIER_assert(int);
extern void *malloc(unsigned long);
extern void free(void *);
"""

SUM = PRELUDE + """
int main(void) {{
  int a[{n}];
  int i;
  for (i = 0; i < {n}; i++) {{
    a[i] = __VERIFIER_nondet_int();
    __VERIFIER_assume(a[i] >= 0 && a[i] <= {most});
  }}
  int sum = 0;
  for (i = 0; i < {n}; i++) {{
    sum += a[i];
  }}
  __VERIFIER_assert(sum < {bound});
  return 0;
}}
"""

#: a loop bound read from the input (nothing to fold but the cut-points) and a heap loop
INPUT_BOUND = PRELUDE + """
int main(void) {
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n >= 0 && n <= 3);
  int a[4];
  int k = 0;
  for (int i = 0; i <= n; i++) {
    a[i] = i;
    k = k + 2;
  }
  __VERIFIER_assert(a[n] == n);
  return k;
}
"""
HEAP = PRELUDE + """
struct cell { int data; struct cell *next; };
int main(void) {
  struct cell *head = 0;
  for (int k = 0; k < 2; k++) {
    struct cell *c = malloc(sizeof(struct cell));
    if (c == 0) {
      break;
    }
    c->data = k;
    c->next = head;
    head = c;
  }
  while (head != 0) {
    struct cell *next = head->next;
    free(head);
    head = next;
  }
  return 0;
}
"""


def facts_formula(u: Unroller, ts, facts: Facts, i: int) -> z3.BoolRef:
    state = u.state(i)
    return z3.And(z3.Or([u.pc(i) == c for c in facts.cutpoints]) if facts.cutpoints else z3.BoolVal(False),
                  *[state[name] == value for name, value in facts.values.items()])


def valid(*premises_and_claim: z3.BoolRef) -> bool:
    *premises, claim = premises_and_claim
    solver = z3.Solver()
    solver.add(*premises, z3.Not(claim))
    return solver.check() == z3.unsat


def test_the_facts_hold_and_the_folded_steps_and_errors_are_the_original_ones():
    for source, depth in ((SUM.format(n=3, most=10, bound=25), 9), (INPUT_BOUND, 7), (HEAP, 4)):
        ts = c_main_system(source)
        u = Unroller(ts)
        known = KnownValues(u)
        original = [u.init()]
        for i in range(depth):
            step = known.trans(i)
            facts = facts_formula(u, ts, known.facts[i], i)
            assert valid(*original, facts), (i, known.facts[i])
            same_errors = [known.error(i, key) == u.error(i, key) for key in ts.checks]
            assert valid(*original, z3.And(step == u.trans(i), *same_errors)), i
            original.append(u.trans(i))
        assert any(f.values for f in known.facts), "nothing was folded: the test checks nothing"


def test_a_constant_loop_is_one_block_per_step_with_its_counter_known():
    ts = c_main_system(SUM.format(n=8, most=10, bound=50))
    known = KnownValues(Unroller(ts))
    known.trans(19)
    assert all(len(f.cutpoints) == 1 for f in known.facts[:20])  # entry, 9 heads of each loop, the exit
    assert [str(f.values.get("i")) for f in known.facts[1:20]] == [str(k) for k in [*range(9), *range(9), 8]]
    assert not known.facts[20].cutpoints  # every execution has ended: the unrolling is complete


@settings(max_examples=6, deadline=None)
@given(n=st.integers(1, 6), most=st.integers(0, 12), bound=st.integers(0, 60))
def test_bmc_on_a_constant_loop_answers_as_the_arithmetic_says_and_its_witness_replays(n, most, bound):
    ts = c_main_system(SUM.format(n=n, most=most, bound=bound))
    key = next(k for k in ts.checks if k[0] == "assert")
    bmc = Bmc(ts, {key})
    deadline = time.monotonic() + 30
    found = {}
    while not bmc.finished and not found and time.monotonic() < deadline:
        found = bmc.advance(deadline)
    outcome = found[key]
    assert outcome.verdict == (Verdict.NO if n * most >= bound else Verdict.YES)
    if outcome.verdict == Verdict.NO:
        w = outcome.witness
        run = run_cfa(ts.cfa, w.params, lambda site, step, t: w.nondet.get(f"{site}@{step}", 0))
        assert run.failure is not None and run.failure[0] == "assert"
        elements = [v for v, s in zip(run.nondet, run.nondet_sources) if "__VERIFIER_nondet_int" in s.label]
        assert len(elements) == n and sum(elements) >= bound and all(0 <= v <= most for v in elements)
