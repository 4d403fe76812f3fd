"""`verify prove`, `equiv` and termination on C arrays and Python lists, end to end."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys

from verifier.result import Verdict

from .helpers import assert_proved, assert_refuted, only, prove_source

OFF_BY_ONE = """
    int main(void) {
        int a[4];
        for (int i = 0; i <= 4; i++) a[i] = i;
        return a[0];
    }
"""

SUM = """
    int sum(int *a, int n) {
        int s = 0;
        for (int i = 0; i < n; i++) s += a[i];
        return s;
    }
"""

INITIALISE = """
    extern int __VERIFIER_nondet_int(void);
    extern void __VERIFIER_assert(int cond);
    int main(void) {
        int a[1000];
        for (int i = 0; i < 1000; i++) a[i] = 0;
        int j = __VERIFIER_nondet_int();
        if (j < 0 || j >= 1000) return 0;
        __VERIFIER_assert(a[j] == 0);
        return 0;
    }
"""

FIND = """
    def find(xs: list[int], key: int) -> int:
        i = 0
        while i < len(xs) and xs[i] != key:
            i += 1
        if i == len(xs):
            for j in range(len(xs)):
                assert xs[j] != key
            return -1
        return i
"""


def test_writing_one_past_the_end_is_a_confirmed_bounds_failure_with_the_array_in_the_trace(tmp_path):
    results = prove_source(tmp_path, OFF_BY_ONE, check="bounds")
    assert only(results, "bounds", line=4).verdict == Verdict.YES
    r = only(results, "bounds", line=3)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed
    last = r.counterexample.trace[-1].values
    assert last["i"] == 4 and last["a"] == [0, 1, 2, 3]


def test_an_array_parameter_is_shown_as_the_list_of_its_elements_without_its_length(tmp_path):
    results = prove_source(tmp_path, SUM, check="overflow,bounds")
    assert only(results, "bounds").verdict == Verdict.YES
    r = [x for x in results if x.check == "overflow" and x.verdict == Verdict.NO]
    assert len(r) == 1 and r[0].counterexample.confirmed
    inputs = r[0].counterexample.inputs
    assert isinstance(inputs["a"], list) and not any("#" in name for name in inputs)
    assert inputs["n"] <= len(inputs["a"])
    sums = itertools.accumulate(inputs["a"][: inputs["n"]])
    assert any(not -2**31 <= total < 2**31 for total in sums)  # the elements really overflow the sum


def test_a_python_list_index_error_shows_the_empty_list(tmp_path):
    r = assert_refuted(tmp_path, "def first(xs: list[int]) -> int:\n    return xs[0]\n", check="bounds", suffix=".py")
    assert r.counterexample.inputs == {"xs": []}


def test_an_initialising_loop_is_proved_with_a_prefix_invariant_in_c_syntax(tmp_path):
    r = assert_proved(tmp_path, INITIALISE, check="assert")
    assert "forall k. 0 <= k < i -> a[k] == 0" in r.certificate.text
    assert set(r.certificate.checked_by) == {"z3", "cvc5"}


def test_a_linear_search_is_proved_with_a_prefix_invariant_in_python_syntax(tmp_path):
    results = prove_source(tmp_path, FIND, suffix=".py", check="assert,bounds")
    assert {r.verdict for r in results} == {Verdict.YES}
    text = only(results, "assert").certificate.text
    assert "all(xs[k] != key for k in range(0, i))" in text


def test_a_loop_over_an_array_parameter_terminates(tmp_path):
    r = only(prove_source(tmp_path, SUM, check="termination"), "termination")
    assert r.verdict == Verdict.YES and "n - i" in r.certificate.text


def test_json_inputs_hold_the_array_as_a_list(tmp_path):
    (tmp_path / "p.py").write_text("def last(xs: list[int], i: int) -> int:\n    return xs[i]\n")
    p = subprocess.run([sys.executable, "-m", "verifier.cli", "prove", "p.py", "--check", "bounds", "--format", "json",
                        "--no-cache"], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert p.returncode == 1, p.stderr
    (result,) = json.loads(p.stdout)["results"]
    inputs = result["counterexample"]["inputs"]
    assert isinstance(inputs["xs"], list) and set(inputs) == {"xs", "i"}
    assert not -len(inputs["xs"]) <= inputs["i"] < len(inputs["xs"])  # Python's own range of valid indices


def test_a_loop_that_may_not_end_on_some_array_contents_is_unknown_with_the_array_shown(tmp_path):
    source = "int f(int *a, int n) {\n    int i = 0;\n    while (i < n) { if (a[0] > 5) i++; }\n    return i;\n}\n"
    r = only(prove_source(tmp_path, source, check="termination"), "termination")
    assert r.verdict == Verdict.UNKNOWN and "arrays are not replayed" in r.counterexample.replay
    inputs = r.counterexample.inputs
    assert set(inputs) == {"a", "n"} and inputs["n"] >= 1 and inputs["a"][0] <= 5
