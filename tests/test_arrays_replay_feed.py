"""Witnesses of heap programs replay for real, and bounded array loops are proved by BMC.

* The replay harness feeds the nondet calls of the source (and each allocation's
  outcome) only: the frontend's own choices (a fresh block's contents) are not fed,
  so the values after them reach the calls they belong to.
* A leak in a called function is looked for by the replay (LeakSanitizer on).
* BMC's proof of a loop that always ends: every check reached is not vacuous, a dead
  one is.
"""

from __future__ import annotations

import shutil
import textwrap
import time

import pytest

from verifier.frontends.c import parse_c
from verifier.cfa import build_cfa
from verifier.encode import encode
from verifier.engines.safety.bmc import Bmc
from verifier.proving import prove_paths
from verifier.result import Verdict

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is not installed")

PRELUDE = """\
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int);
extern void *malloc(unsigned long);
extern void *calloc(unsigned long, unsigned long);
extern void free(void *);
"""


def prove(tmp_path, body: str, check: str):
    path = tmp_path / "p.c"
    path.write_text(PRELUDE + textwrap.dedent(body))
    return [r for r in prove_paths([str(path)], checks=(check,), timeout=10) if r.check == check]


@needs_gcc
def test_a_nondet_value_after_an_allocation_reaches_its_own_call(tmp_path):
    results = prove(tmp_path, """\
        int main(void) {
          int n = __VERIFIER_nondet_int();
          __VERIFIER_assume(n >= 1 && n <= 8);
          int *p = calloc(n, sizeof(int));
          if (p == 0) {
            return 0;
          }
          int i = __VERIFIER_nondet_int();
          if (i >= 0 && i < 8) {
            p[i] = 1;
          }
          free(p);
          return 0;
        }
    """, "bounds")
    (failing,) = [r for r in results if r.verdict == Verdict.NO]
    assert failing.location.line == 15
    cex = failing.counterexample
    assert cex.confirmed and "bounds at line 15" in cex.replay
    fed = [v for v, s in zip(cex.nondet, cex.nondet_sources) if "__VERIFIER_nondet" in s.label]
    assert fed[0] <= fed[1] < 8  # the index is past the n elements allocated


@needs_gcc
def test_a_leak_in_a_called_function_is_confirmed(tmp_path):
    results = prove(tmp_path, """\
        int work(int flag) {
          int *buf = malloc(8 * sizeof(int));
          if (buf == 0) {
            return -1;
          }
          buf[0] = flag;
          if (flag) {
            return 1;
          }
          free(buf);
          return 0;
        }
        int main(void) {
          return work(__VERIFIER_nondet_int());
        }
    """, "leak")
    (leak,) = results
    assert leak.verdict == Verdict.NO, leak.reason
    assert leak.counterexample.confirmed and "LeakSanitizer" in leak.counterexample.replay


def test_bmc_proves_a_bounded_array_loop_and_marks_only_dead_checks_vacuous():
    source = textwrap.dedent("""\
        int main(void) {
          int a[5];
          int i;
          for (i = 0; i < 5; i++) {
            a[i] = i;
          }
          if (a[4] != 4) {
            a[9] = 0;
          }
          return a[4];
        }
    """)
    ts = encode(build_cfa(parse_c(source, "p.c", "bv"), "main"))
    bmc, found, deadline = Bmc(ts, set(ts.checks)), {}, time.monotonic() + 20
    while not bmc.finished and time.monotonic() < deadline:
        found.update(bmc.advance(deadline))
    bounds = {k: o for k, o in found.items() if k[0] == "bounds"}
    assert all(o.certificate_kind == "bounded" for o in bounds.values())
    assert bounds and all(o.verdict == Verdict.YES for o in bounds.values())
    dead = [o.vacuous for k, o in bounds.items() if k[1] == 8]
    live = [o.vacuous for k, o in bounds.items() if k[1] != 8]
    assert dead == [True] and live and not any(live)
