"""Allocations that fail, replayed for real.

`malloc` and `calloc` may return NULL (C 7.22.3; the competition's rules assume it
too now): the frontend lowers each call's outcome to a nondet truth value fed in
call order (``malloc fails``), and the replay harness's allocation wrappers read
one stream value per call and return NULL when it is not 0. So a null
dereference that needs a failed allocation is a no confirmed by gcc
-fsanitize=address,undefined at the same line, and a proved program never fails
under the harness whatever the allocations do (Hypothesis).
"""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.crosscheck.replay_c import CReplayer
from verifier.frontends.c import parse_c
from verifier.result import Verdict

from .helpers import only, prove_source

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is needed to replay C")

HEADER = """\
extern void *malloc(unsigned long size);
extern void *calloc(unsigned long n, unsigned long size);
extern void free(void *ptr);
extern int __VERIFIER_nondet_int(void);
"""

#: two allocations, the second one's result used without a test when `flag` is set (line 13)
TWO_BLOCKS = HEADER + """\
int main(void) {
  int n = __VERIFIER_nondet_int();
  if (n < 1 || n > 4) return 0;
  int *a = calloc(n, sizeof(int));
  if (a == 0) return 0;
  int *b = malloc(sizeof(int));
  int flag = __VERIFIER_nondet_int();
  if (flag) {
    *b = a[n - 1];
  }
  free(b);
  free(a);
  return 0;
}
"""


def fed(result) -> dict[str, int]:
    """The fed values of a counterexample by what they feed (the last one of a label wins)."""
    cex = result.counterexample
    return {s.label: v for v, s in zip(cex.nondet, cex.nondet_sources) if s.line}


def test_a_null_dereference_after_a_failed_allocation_is_confirmed_by_gcc(tmp_path):
    (r,) = [r for r in prove_source(tmp_path, TWO_BLOCKS, check="null", timeout=30) if r.message.startswith("*b")]
    assert (r.location.line, r.location.column) == (13, 5)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed
    values = fed(r)
    assert 1 <= values["n = __VERIFIER_nondet_int()"] <= 4 and values["flag = __VERIFIER_nondet_int()"] != 0
    assert values["malloc fails"] == 1 and values["calloc fails"] == 0
    assert "null at line 13" in r.counterexample.replay


def test_the_witness_says_which_allocation_fails(tmp_path):
    path = tmp_path / "two.c"
    path.write_text(TWO_BLOCKS)
    runner = CReplayer(parse_c(TWO_BLOCKS, str(path)), "main")
    # stream: n, calloc fails?, malloc fails?, flag
    assert runner.run({}, [2, 0, 0, 1]).passed
    failed_second = runner.run({}, [2, 0, 1, 1])
    assert (failed_second.kind, failed_second.line) == ("null", 13)
    assert runner.run({}, [2, 1, 0, 1]).passed  # calloc failed: the program stops at its test


def test_a_checked_allocation_is_proved_and_no_failure_pattern_breaks_it_under_gcc(tmp_path):
    safe = TWO_BLOCKS.replace("  if (flag) {", "  if (flag && b != 0) {")
    rs = prove_source(tmp_path, safe, check="null,bounds,free,use-after-free", timeout=30)
    assert rs and all(r.verdict == Verdict.YES for r in rs), [(r.check, r.location.line, r.reason) for r in rs]
    runner = CReplayer(parse_c(safe, str(tmp_path / "prog.c")), "main")

    @settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(st.integers(-1, 6), st.booleans(), st.booleans(), st.integers(-2, 2))
    def never_fails(n: int, calloc_fails: bool, malloc_fails: bool, flag: int) -> None:
        observed = runner.run({}, [n, int(calloc_fails), int(malloc_fails), flag])
        assert not observed.unavailable, observed.detail
        assert observed.kind is None, observed.describe()

    never_fails()


def test_a_leak_that_needs_the_second_allocation_to_fail_is_confirmed(tmp_path):
    source = HEADER + """\
int main(void) {
  int *p = malloc(sizeof(int));
  if (p == 0) return 0;
  int *q = malloc(sizeof(int));
  if (q == 0) return 1;
  free(q);
  free(p);
  return 0;
}
"""
    r = only(prove_source(tmp_path, source, check="leak", timeout=30), "leak", 6)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed and "LeakSanitizer" in r.counterexample.replay
    assert [v for v, s in zip(r.counterexample.nondet, r.counterexample.nondet_sources)
            if s.label == "malloc fails"] == [0, 1]


def test_a_file_defining_its_own_malloc_keeps_it(tmp_path):
    source = """\
static int pool[8];
int *malloc(unsigned long size) { return pool; }
int main(void) {
  int *p = malloc(4);
  return p == 0;
}
"""
    path = tmp_path / "own.c"
    path.write_text(source)
    runner = CReplayer(parse_c(source, str(path)), "main")
    assert "#define malloc" not in runner.harness
    assert runner.run({}, [1]).passed  # no stream value decides the user's own malloc


def test_a_request_over_ptrdiff_max_bytes_always_fails_so_a_tested_block_is_in_bounds(tmp_path):
    source = HEADER.replace("extern int __VERIFIER_nondet_int(void);",
                            "extern unsigned long __VERIFIER_nondet_ulong(void);") + """\
int main(void) {
  unsigned long n = __VERIFIER_nondet_ulong();
  int *p = calloc(n, sizeof(int));
  if (p == 0) return 0;
  if (n > 0) p[0] = 1;
  free(p);
  return 0;
}
"""
    r = only(prove_source(tmp_path, source, check="bounds", timeout=30), "bounds")
    assert r.verdict == Verdict.YES, r.reason  # n >= 2^63 would be a negative length if it could succeed
    runner = CReplayer(parse_c(source, str(tmp_path / "prog.c")), "main")
    for n in (0, 1, 2**61, 2**63 + 1, 2**64 - 1):
        assert runner.run({}, [n, 0]).passed


def test_a_linked_list_never_freed_is_a_replayed_leak(tmp_path):
    source = HEADER + """\
struct cell {
  int data;
  struct cell *next;
};
int main(void) {
  struct cell *head = 0;
  for (int k = 0; k < 2; k++) {
    struct cell *c = malloc(sizeof(struct cell));
    if (c == 0) break;
    c->next = head;
    head = c;
  }
  return head != 0;
}
"""
    r = only(prove_source(tmp_path, source, check="leak", timeout=30), "leak", 12)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed and "LeakSanitizer" in r.counterexample.replay
