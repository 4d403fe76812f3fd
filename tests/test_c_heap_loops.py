"""`malloc`/`calloc` inside a loop: `BLOCKS_PER_SITE` blocks per call site, taken in turn.

A loop that allocates at most that many times is answered exactly (BMC bounds it:
yes, or a no replayed by gcc -fsanitize=address,undefined at the same line); one
that may allocate more fails the internal check ``bound`` there, so every yes of
the function is withheld (unknown naming the loop and the call site) while a no
found within the modelled blocks still stands.
"""

from __future__ import annotations

import shutil
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.cfa import BOUND_CHECK, build_cfa
from verifier.crosscheck.replay_c import CReplayer
from verifier.encode import encode
from verifier.engines.safety.bmc import Bmc
from verifier.frontends.c import parse_c
from verifier.frontends.c_heap import BLOCKS_PER_SITE
from verifier.result import Verdict

from .helpers import only, prove_source

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is needed to replay C")

HEADER = """\
extern void *malloc(unsigned long size);
extern void free(void *ptr);
extern int __VERIFIER_nondet_int(void);
"""

#: two blocks, one per iteration, each freed before the next
EACH_FREED = HEADER + """\
int main(void) {
  int total = 0;
  int k;
  for (k = 0; k < 2; k++) {
    int *p = malloc(4 * sizeof(int));
    if (p == 0) {
      return total;
    }
    p[3] = __VERIFIER_nondet_int();
    if (p[3] > 0 && p[3] < 100) {
      total += p[3];
    }
    free(p);
  }
  return total;
}
"""

MEMORY = "bounds,null,free,use-after-free,leak"


def test_a_block_per_iteration_freed_each_time_is_proved(tmp_path):
    rs = prove_source(tmp_path, EACH_FREED, check=MEMORY, timeout=40)
    assert {r.check for r in rs} == set(MEMORY.split(","))
    assert all(r.verdict == Verdict.YES for r in rs), [(r.check, r.location.line, r.reason) for r in rs]


def test_the_proved_loop_never_fails_under_gcc_whatever_the_allocations_and_values(tmp_path):
    runner = CReplayer(parse_c(EACH_FREED, str(tmp_path / "prog.c")), "main")

    @settings(max_examples=20, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(st.lists(st.tuples(st.booleans(), st.integers(-5, 200)), min_size=2, max_size=2))
    def never_fails(rounds: list[tuple[bool, int]]) -> None:
        stream = [v for fails, value in rounds for v in (int(fails), value)]  # malloc fails?, p[3] per iteration
        observed = runner.run({}, stream)
        assert not observed.unavailable, observed.detail
        assert observed.kind is None, observed.describe()

    never_fails()


def test_a_pointer_kept_from_the_previous_iteration_is_a_replayed_use_after_free(tmp_path):
    source = HEADER + """\
int main(void) {
  int *old = 0;
  int k;
  for (k = 0; k < 2; k++) {
    int *p = malloc(2 * sizeof(int));
    if (p == 0) {
      break;
    }
    p[0] = k;
    if (old != 0) {
      p[1] = old[0];
    }
    free(p);
    old = p;
  }
  return 0;
}
"""
    rs = prove_source(tmp_path, source, check="use-after-free", timeout=30)
    (bad,) = [r for r in rs if r.verdict != Verdict.YES]
    assert (bad.location.line, bad.location.column) == (14, 14) and bad.verdict == Verdict.NO
    assert bad.counterexample.confirmed and "heap-use-after-free" in bad.counterexample.replay


def test_a_block_kept_in_one_iteration_is_a_replayed_leak(tmp_path):
    source = HEADER + """\
int main(void) {
  int k;
  for (k = 0; k < 2; k++) {
    int *p = malloc(sizeof(int));
    if (p == 0) {
      return 1;
    }
    *p = k;
    if (k != 0) {
      free(p);
    }
  }
  return 0;
}
"""
    r = only(prove_source(tmp_path, source, check="leak", timeout=30), "leak", 7)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed and "LeakSanitizer" in r.counterexample.replay


def test_a_loop_allocating_more_than_the_model_keeps_fails_the_bound_check_naming_the_loop():
    source = HEADER + """\
int main(void) {
  int n = __VERIFIER_nondet_int();
  int k;
  for (k = 0; k < n; k++) {
    int *p = malloc(2 * sizeof(int));
    if (p == 0) {
      return 1;
    }
    p[1] = k;
    free(p);
  }
  return 0;
}
"""
    ts = encode(build_cfa(parse_c(source, "p.c", "bv"), "main"))
    (bound,) = [k for k in ts.checks if k[0] == BOUND_CHECK]
    assert bound[1] == 8 and ts.checks[bound].text == (
        f"malloc inside the loop at line 7 allocates more than {BLOCKS_PER_SITE} blocks "
        f"(the model keeps {BLOCKS_PER_SITE} per call site)")
    bmc, found, deadline = Bmc(ts, {bound}), {}, time.monotonic() + 60
    while bound not in found and not bmc.finished and time.monotonic() < deadline:
        found.update(bmc.advance(deadline))
    # n > 4: the fifth block is not modelled, so every yes of main is withheld (proving's `bound` rule)
    assert found[bound].verdict == Verdict.NO


def test_a_counting_loop_keeps_as_many_blocks_as_it_runs():
    f = parse_c(EACH_FREED, "p.c").function("main")
    assert sum(1 for name in f.locals if name.endswith("#state")) == 2  # `k < 2`: two blocks, and no more needed


def test_an_allocation_after_a_label_is_one_a_goto_may_repeat():
    source = HEADER + """\
int main(void) {
  int k = 0;
again:
  k++;
  int *p = malloc(sizeof(int));
  if (p == 0) return 0;
  free(p);
  if (k < 2) goto again;
  return 0;
}
"""
    f = parse_c(source, "goto.c").function("main")
    assert not f.unsupported, f.unsupported
    assert sum(1 for name in f.locals if name.endswith("#state")) == BLOCKS_PER_SITE
