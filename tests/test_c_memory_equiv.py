"""`verify equiv` and `verify terminates` on C functions with array parameters:
the product encoding takes array inputs, a difference is replayed with the
arrays built by the harness, and every yes agrees with real runs of both
functions on Hypothesis-generated arrays."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier import equiv, terminates
from verifier.frontends.c import parse_c
from verifier.equivalence.real_runs import compare_outcomes, runner_for
from verifier.result import Verdict

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is needed to run C")

PAIRS = """\
int first(int a[], int n) { if (n > 0) return a[0]; return 0; }
int first_again(int a[], int n) { if (n >= 1) return a[0]; return 0; }
int last(int a[], int n) { if (n > 0) return a[n - 1]; return 0; }
int last_wrong(int a[], int n) { if (n > 1) return a[n - 1]; return 0; }
int max_up(int a[], int n) { int m = 0; for (int i = 0; i < n; i++) if (a[i] > m) m = a[i]; return m; }
int max_down(int a[], int n) { int m = 0; for (int i = n - 1; i >= 0; i--) if (a[i] > m) m = a[i]; return m; }
"""


@pytest.fixture
def pairs(tmp_path):
    path = tmp_path / "pairs.c"
    path.write_text(PAIRS)
    return str(path)


@needs_gcc
def test_functions_of_an_array_that_agree_are_proved_equivalent(pairs):
    (r,) = equiv(f"{pairs}:first", f"{pairs}:first_again", timeout=20)
    assert r.verdict == Verdict.YES, r.reason


@needs_gcc
def test_a_difference_on_an_array_is_replayed_with_the_array_built(pairs):
    (r,) = equiv(f"{pairs}:last", f"{pairs}:last_wrong", timeout=20)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed
    inputs = r.counterexample.inputs
    assert inputs["n"] == 1 and len(inputs["a"]) == 1 and inputs["a"][0] != 0
    assert r.counterexample.outputs == {"A": inputs["a"][0], "B": 0}


@needs_gcc
def test_loops_over_an_array_are_compared_without_an_error(pairs):
    (r,) = equiv(f"{pairs}:max_up", f"{pairs}:max_down", timeout=5)
    assert r.verdict != Verdict.NO  # they agree; a coupling invariant over the array may not be found
    assert "solver" not in r.reason, r.reason


def test_loops_over_array_parameters_are_proved_to_terminate(pairs):
    rs = {r.location.line: r for r in terminates(pairs, timeout=20) if r.check == "termination"}
    assert rs[5].verdict == Verdict.YES and rs[6].verdict == Verdict.YES  # max_up, max_down


# ------------------------------------------------------------------ soundness against gcc


@needs_gcc
@settings(max_examples=3, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(k1=st.integers(0, 2), k2=st.integers(0, 2), index=st.sampled_from(["0", "n - 1"]),
       arrays=st.lists(st.lists(st.integers(-3, 3), min_size=0, max_size=3), min_size=6, max_size=6))
def test_equivalence_verdicts_on_arrays_agree_with_real_runs(tmp_path_factory, k1, k2, index, arrays):
    """A yes holds on every array tried for real (gcc, both functions); a no's
    counterexample makes the real runs differ."""
    source = (f"int f(int a[], int n) {{ if (n > {k1}) return a[{index}]; return 7; }}\n"
              f"int g(int a[], int n) {{ if (n > {k2}) return a[{index}]; return 7; }}\n")
    path = tmp_path_factory.mktemp("eqa") / "fg.c"
    path.write_text(source)
    (r,) = equiv(f"{path}:f", f"{path}:g", timeout=20)
    program = parse_c(source, str(path))
    runs = [[list(a), len(a), len(a)] for a in arrays]  # a, a#len, n (the length convention)
    outcomes = zip(runner_for(program, "f").run(runs), runner_for(program, "g").run(runs))
    verdicts = {compare_outcomes(x, y) for x, y in outcomes}
    if r.verdict == Verdict.YES:
        assert "differ" not in verdicts
    elif r.verdict == Verdict.NO:
        cex = r.counterexample.inputs
        x, y = runner_for(program, "f").run([[cex["a"], len(cex["a"]), cex["n"]]])[0], \
            runner_for(program, "g").run([[cex["a"], len(cex["a"]), cex["n"]]])[0]
        assert compare_outcomes(x, y) == "differ"
    else:
        pytest.fail(f"unknown on loop-free functions of an array: {r.reason}")


FUSED = """\
int two_loops(int a[4], int b[4]) {
  int s = 0;
  for (int i = 0; i < 4; i++) a[i] = a[i] & 255;
  for (int i = 0; i < 4; i++) s += a[i] & b[i];
  return s;
}
int one_loop(int a[4], int b[4]) {
  int s = 0;
  for (int i = 0; i < 4; i++) { a[i] = a[i] & 255; s += a[i] & b[i]; }
  return s;
}
"""


@needs_gcc
def test_reads_outside_short_arrays_are_no_difference_between_fused_loops(tmp_path):
    """Arrays shorter than the loops read are outside both functions' objects: both fail `bounds` (AddressSanitizer
    in the real runs), which is no difference; a run without it read what lay past the arrays and called the
    garbage a confirmed difference."""
    path = tmp_path / "fused.c"
    path.write_text(FUSED)
    (r,) = equiv(f"{path}:two_loops", f"{path}:one_loop", timeout=10)
    assert r.verdict != Verdict.NO, r.counterexample
    program = parse_c(FUSED, str(path))
    short = [[1, 2], [3]]  # a has 2 elements, b has 1
    outcomes = [runner_for(program, name).run([short])[0] for name in ("two_loops", "one_loop")]
    assert [(o.status, o.failure) for o in outcomes] == [("fail", "bounds")] * 2, outcomes
    assert compare_outcomes(*outcomes) == "same"
