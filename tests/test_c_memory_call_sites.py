"""A call passing a length its array may not have: answered where a real run fails.

The parameter convention (`c_calls`) is an entry assumption of the callee
alone: a call passes the array's real length and the callee's body runs there
on it, so a bounds violation a length causes (``k + 1``, a length in a
variable, one from a call, a recursive callee's) is a no at the callee's
access, confirmed by gcc there, with the call path in the message
(`verifier.call_sites`).
"""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.call_sites import call_path
from verifier.crosscheck.replay_c import CReplayer
from verifier.frontends.c import parse_c
from verifier.result import Verdict

from .helpers import only, prove_source

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is needed to replay C")

SUM = """\
extern int __VERIFIER_nondet_int(void);
int sum(int *p, int n) {
  int s = 0;
  for (int i = 0; i < n; i++)
    s += p[i];
  return s;
}
int main(void) {
  int a[4] = {1, 2, 3, 4};
  int k = __VERIFIER_nondet_int();
  if (k < 0 || k >= LIMIT) return 0;
  return sum(a, k + 1) > 100;
}
"""


def test_a_length_one_too_long_fails_at_the_callees_read_with_the_call_path(tmp_path):
    r = only(prove_source(tmp_path, SUM.replace("LIMIT", "5"), check="bounds", function="main", timeout=30), "bounds")
    assert r.verdict == Verdict.NO and (r.location.line, r.location.column) == (5, 10)
    assert r.counterexample.confirmed and "bounds at line 5" in r.counterexample.replay
    assert r.counterexample.nondet[-1] == 4  # sum(a, 5) reads a[4]
    assert r.message == "index out of bounds (call path: main line 12 -> sum)"


@settings(max_examples=2, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(limit=st.integers(3, 6))
def test_the_verdict_agrees_with_gcc_runs_on_every_length(tmp_path_factory, limit):
    tmp = tmp_path_factory.mktemp("calls")
    source = SUM.replace("LIMIT", str(limit))
    r = only(prove_source(tmp, source, check="bounds", function="main", timeout=30), "bounds")
    runner = CReplayer(parse_c(source, str(tmp / "prog.c")), "main")
    failing = [k for k in range(0, limit) if runner.run({}, [k]).matches("bounds", 5)]
    assert failing == list(range(4, limit))  # the harness itself: k + 1 > 4 reads past a
    if r.verdict == Verdict.YES:
        assert not failing
    else:
        assert r.verdict == Verdict.NO and r.counterexample.nondet[-1] in failing, (r.verdict, r.reason)


def test_a_length_from_a_call_in_the_argument_fails_at_the_callees_read(tmp_path):
    source = SUM.replace("return sum(a, k + 1) > 100;", "return sum(a, __VERIFIER_nondet_int() + 1) > 100;").replace(
        "LIMIT", "4")
    f = parse_c(source, str(tmp_path / "p.c")).function("main")
    assert not f.unsupported, f.unsupported  # lowered once: the argument's call must not run twice
    r = only(prove_source(tmp_path, source, check="bounds", function="main", timeout=30), "bounds", 5)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed, (r.verdict, r.reason)
    assert r.counterexample.nondet[-1] >= 4 and r.message == "index out of bounds (call path: main line 12 -> sum)"


def test_a_length_in_a_variable_is_checked_at_the_callees_reads(tmp_path):
    source = SUM.replace("return sum(a, k + 1) > 100;", "int m = k + 1;\n  return sum(a, m) > 100;").replace(
        "LIMIT", "4")
    r = only(prove_source(tmp_path, source, check="bounds", function="main", timeout=30), "bounds")
    assert r.verdict == Verdict.YES and r.message == "index out of bounds (call path: main line 13 -> sum)"


def test_a_recursive_callee_fails_at_its_read(tmp_path):
    source = """\
int total(int *p, int n) {
  if (n <= 0) return 0;
  return p[n - 1] + total(p, n - 1);
}
int main(void) {
  int a[3] = {1, 2, 3};
  return total(a, 3 + 1);
}
"""
    f = parse_c(source, str(tmp_path / "p.c")).function("main")
    assert not f.unsupported, f.unsupported
    r = only(prove_source(tmp_path, source, check="bounds", function="main", timeout=30), "bounds", 3)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed, (r.verdict, r.reason)  # total(a, 4) reads a[3]
    assert r.message == "index out of bounds (call path: main line 7 -> total)"


def test_a_nested_inlined_call_names_every_call_on_the_path(tmp_path):
    source = """\
void clear(int *p, int n) {
  for (int i = 0; i < n; i++)
    p[i] = 0;
}
void reset(int *p, int n) {
  clear(p, n);
}
int main(void) {
  int a[3];
  reset(a, 3 + 1);
  return 0;
}
"""
    program = parse_c(source, str(tmp_path / "p.c"))
    assert call_path(program.replay_facts, "main", 3) == "main line 10 -> reset line 6 -> clear"
    assert call_path(program.replay_facts, "main", 10) == ""
    r = only(prove_source(tmp_path, source, check="bounds", function="main", timeout=30), "bounds", 3)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed
    assert r.message.endswith("(call path: main line 10 -> reset line 6 -> clear)")
