"""What the array invariant search stands on: sampled runs that reach a loop behind a
condition on a program constant, an integer reading of 2-D and pointer indexing that
stays small (and agrees with the program on sampled runs), and a certifier that leaves
out the quantified facts a bit-vector certificate could not say."""

from __future__ import annotations

import time

import z3

from verifier import ir
from verifier.engines.invariants.math_reading import agrees_on_samples, math_view
from verifier.engines.invariants.sampled_invariants import program_constants, sample_states

from .helpers import COMPETITION_HEADER, c_main_system

HEADER = COMPETITION_HEADER

#: the counting loop runs only when n is 16, a value small random draws never give
BEHIND_CONSTANT = HEADER + """
int main(void) {
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n >= 0 && n <= 16);
  int count = 0;
  if (n == 16) {
    int i;
    for (i = 0; i < n; i++) {
      count++;
    }
  }
  __VERIFIER_assert(count <= n);
  return 0;
}
"""

#: a 2-D read, and a pointer's offset plus an index (both converted to unsigned and back)
INDEXING = HEADER + """
int sum(int *p, int n) {
  int s = 0;
  int i;
  for (i = 0; i < n; i++) {
    s = s + p[i];
  }
  return s;
}
int main(void) {
  int m[3][3];
  int i;
  int j;
  for (i = 0; i < 3; i++) {
    for (j = 0; j < 3; j++) {
      m[i][j] = m[j][i] + 1;
    }
  }
  int a[4] = {1, 2, 3, 4};
  int k = __VERIFIER_nondet_int();
  __VERIFIER_assume(k >= 0 && k <= 3);
  __VERIFIER_assert(sum(a + 1, k) >= 0);
  return 0;
}
"""


def test_a_loop_behind_a_constant_is_sampled_when_draws_take_the_program_constants():
    ts = c_main_system(BEHIND_CONSTANT)
    (head,) = ts.cfa.loops
    states = sample_states(ts.cfa, time.monotonic() + 10, constants=tuple(program_constants(ts.cfa)))
    assert states[head] and all(env["n"] == 16 for env in states[head]), states[head]


def _size(e: ir.Expr) -> int:
    """Nodes of `e` counted as a tree (what an encoder walking it visits)."""
    return 1 + sum(_size(v) for v in vars(e).values() if isinstance(v, ir.Expr))


def test_the_integer_reading_of_2d_and_pointer_indexing_stays_small_and_agrees_with_the_program():
    ts = c_main_system(INDEXING)
    mv = math_view(ts)
    assert mv is not None
    sizes = [_size(x) for e in mv.cfa.edges if e.action is not None
             for x in vars(e.action).values() if isinstance(x, ir.Expr)]
    assert max(sizes) < 400, max(sizes)  # nested wraps of an index grew to 3,800 nodes
    assert agrees_on_samples(ts, mv)


#: a range whose lower end ``n - i`` may fall below the index type: no bit-vector reading
LONG_BOUND = HEADER + """
extern long __VERIFIER_nondet_long(void);
int main(void) {
  int a[8];
  long n = __VERIFIER_nondet_long();
  int i;
  for (i = 0; i < 8; i++) {
    a[i] = 0;
  }
  __VERIFIER_assert(a[3] == 0);
  return 0;
}
"""


def test_the_certifier_drops_a_quantified_fact_bit_vectors_cannot_say_and_keeps_the_rest():
    from verifier.engines.invariants.certify import Certifier
    from verifier.engines.invariants.chc import ChcOptions, ChcStats
    from verifier.engines.invariants.prefix_invariants import BOUND
    from verifier.engines.invariants.rendering import conjuncts

    ts = c_main_system(LONG_BOUND)
    certifier = Certifier(ts, math_view(ts), ChcOptions(), ChcStats())
    k, n, i = z3.Int(BOUND), z3.Int("n"), z3.Int("i")
    a = z3.Array("a", z3.IntSort(), z3.IntSort())
    carried = z3.ForAll([k], z3.Implies(z3.And(0 <= k, k < i), a[k] == 0))
    lost = z3.ForAll([k], z3.Implies(z3.And(n - i <= k, k < n), a[k] == 0))
    kept = conjuncts(certifier.without_untranslatable_quantifiers(z3.And(i >= 0, carried, lost)))
    assert len(kept) == 2 and kept[1].eq(carried), kept
