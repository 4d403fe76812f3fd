"""The tcc-built replay of a C assertion failure (`verifier.crosscheck.replay_tcc`).

While gcc's sanitizer build of a harness is not ready, an assertion failure
is confirmed by the same harness (without operation checks) built by tcc. It
must agree with gcc's run: on Hypothesis-generated inputs both builds fail
the same check at the same line, reject the same infeasible inputs, and pass
the same runs; it confirms only assertion failures, and never refutes one.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from verifier.crosscheck import replay_tcc
from verifier.crosscheck.replay_c import CReplayer
from verifier.crosscheck.replay_tcc import quick_confirmation, tcc_run
from verifier.frontends.c import parse_c

pytestmark = pytest.mark.skipif(shutil.which("tcc") is None or shutil.which("gcc") is None,
                                reason="tcc and gcc are needed")

#: no undefined behaviour on any input: |x| < 1000 is assumed, acc stays within 7 * 999
SUMS = """
int f(int x, int y, unsigned n) {
  __VERIFIER_assume(x > -1000 && x < 1000);
  int acc = 0;
  for (unsigned i = 0; i < n % 8; i++) acc += x;
  if (y == 7) __VERIFIER_assert(acc != 21);
  __VERIFIER_assert(acc < 3000);
  return acc;
}
"""

#: an array (gcc builds it with AddressSanitizer) and a nondet value
COUNTS = """
extern int __VERIFIER_nondet_int(void);
int g(int k) {
  int a[5] = {1, 2, 3, 4, 5};
  int s = 0;
  int bias = __VERIFIER_nondet_int();
  __VERIFIER_assume(bias >= 0 && bias <= 3);
  for (int i = 0; i < 5; i++) if (a[i] + bias > k) s++;
  __VERIFIER_assert(s != 3);
  return s;
}
"""


def _runner(tmp_path: Path, source: str, function: str) -> CReplayer:
    text = textwrap.dedent(source).lstrip("\n")
    path = tmp_path / f"{function}.c"
    path.write_text(text)
    return CReplayer(parse_c(text, str(path)), function)


def _seen(observation) -> tuple:
    return observation.kind, observation.line, observation.infeasible


@pytest.fixture(scope="module")
def sums(tmp_path_factory) -> CReplayer:
    return _runner(tmp_path_factory.mktemp("sums"), SUMS, "f")


@pytest.fixture(scope="module")
def counts(tmp_path_factory) -> CReplayer:
    return _runner(tmp_path_factory.mktemp("counts"), COUNTS, "g")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(x=st.integers(-1500, 1500), y=st.sampled_from([0, 7, -7]), n=st.integers(0, 20))
def test_tcc_and_gcc_runs_agree_on_generated_inputs(sums, x, y, n):
    params = {"x": x, "y": y, "n": n}
    by_tcc, by_gcc = tcc_run(sums, params, []), sums.run(params, [])
    assert by_tcc is not None and not by_gcc.unavailable
    assert _seen(by_tcc) == _seen(by_gcc)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(k=st.integers(-3, 10), bias=st.integers(-2, 5))
def test_tcc_and_gcc_runs_agree_with_arrays_and_nondet_values(counts, k, bias):
    by_tcc, by_gcc = tcc_run(counts, {"k": k}, [bias]), counts.run({"k": k}, [bias])
    assert by_tcc is not None and not by_gcc.unavailable
    assert _seen(by_tcc) == _seen(by_gcc)


def test_an_assertion_failure_is_confirmed_by_tcc_while_gcc_builds(tmp_path):
    runner = _runner(tmp_path, SUMS, "f")
    confirmed = quick_confirmation(runner, {"x": 500, "y": 0, "n": 7}, [], "assert", 6)
    assert confirmed is not None and confirmed.matches("assert", 6)
    # it never refutes: a witness that passes leaves the answer to gcc's run
    assert quick_confirmation(runner, {"x": 1, "y": 0, "n": 7}, [], "assert", 6) is None


def test_only_assertions_and_only_before_gcc_is_ready(tmp_path, monkeypatch):
    runner = _runner(tmp_path, SUMS, "f")
    ran = []
    monkeypatch.setattr(replay_tcc, "tcc_run", lambda *args: ran.append(args))
    assert quick_confirmation(runner, {"x": 999, "y": 0, "n": 7}, [], "overflow", 4) is None
    assert runner.build() is not None  # gcc's build is ready now
    assert quick_confirmation(runner, {"x": 500, "y": 0, "n": 7}, [], "assert", 6) is None
    assert ran == []  # neither case compiled with tcc
