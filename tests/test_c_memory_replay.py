"""C arrays end to end: verdicts of the `bounds` check, and the replay harness
that runs the witness's arrays under gcc -fsanitize=address,undefined (a no is
confirmed only by a real out-of-bounds access at the same line)."""

from __future__ import annotations

import shutil
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.arrays import ArrayValue
from verifier.crosscheck.replay_c import CReplayer, replay_c
from verifier.frontends.c import parse_c
from verifier.result import Verdict

from .helpers import assert_proved, assert_refuted, only, prove_source

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is needed to replay C")

GET = """\
int get(int *a, int n, int i) {
    if (i <= n)
        return a[i];
    return 0;
}
"""


def program(tmp_path, source: str):
    path = tmp_path / "prog.c"
    path.write_text(textwrap.dedent(source))
    return parse_c(path.read_text(), str(path))


# ------------------------------------------------------------------- harness


def test_an_array_argument_is_allocated_exactly_its_length(tmp_path):
    prog = program(tmp_path, GET)
    out = replay_c(prog, "get", {"a": [1, 2], "n": 2, "i": 2}, [], "bounds", 3)
    assert out.confirmed and "AddressSanitizer: heap-buffer-overflow" in out.detail
    assert not replay_c(prog, "get", {"a": [1, 2, 3], "n": 2, "i": 2}, [], "bounds", 3).confirmed
    assert not replay_c(prog, "get", {"a": [1, 2], "n": 2, "i": 1}, [], "bounds", 3).confirmed


def test_an_empty_array_argument_has_no_element_to_read(tmp_path):
    prog = program(tmp_path, GET)
    assert replay_c(prog, "get", {"a": [], "n": 0, "i": 0}, [], "bounds", 3).confirmed


def test_an_array_given_as_a_default_and_entries_takes_its_length_from_the_length_parameter(tmp_path):
    prog = program(tmp_path, """\
    int pick(int *a, int n) {
        if (a[n - 1] == 7 && a[0] == 3)
            __VERIFIER_assert(0);
        return 0;
    }
    """)
    runner = CReplayer(prog, "pick")
    seen = runner.run({"a": ArrayValue(7, {0: 3}), "a#len": 100000, "n": 100000}, [])
    assert seen.kind == "assert" and seen.line == 3
    assert runner.run({"a": ArrayValue(0, {0: 3}), "a#len": 100000, "n": 100000}, []).passed


def test_a_fixed_size_local_array_out_of_bounds_is_caught_by_ubsan_at_its_line(tmp_path):
    prog = program(tmp_path, """\
    int main(void) {
        int b[4] = {1, 2, 3};
        int k = __VERIFIER_nondet_int();
        b[k] = 7;
        return 0;
    }
    """)
    out = replay_c(prog, "main", {}, [4], "bounds", 4)
    assert out.confirmed and "index 4 out of bounds for type 'int [4]'" in out.detail
    assert not replay_c(prog, "main", {}, [3], "bounds", 4).confirmed


def test_an_uninitialised_local_array_takes_the_witness_elements(tmp_path):
    prog = program(tmp_path, """\
    int main(void) {
        int a[3];
        if (a[0] == 1 && a[2] == 9)
            reach_error();
        return 0;
    }
    """)
    assert replay_c(prog, "main", {}, [[1, 5, 9]], "assert", 4).confirmed
    assert not replay_c(prog, "main", {}, [[1, 5, 8]], "assert", 4).confirmed


# ------------------------------------------------------------------ verdicts


def test_an_off_by_one_loop_write_is_refuted_with_a_confirmed_witness(tmp_path):
    results = prove_source(tmp_path, """\
    int main(void) {
        int a[8];
        for (int i = 0; i <= 8; i++)
            a[i] = i;
        return a[0];
    }
    """, check="bounds")
    r = only(results, "bounds", 4)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed
    assert "address,undefined" in r.counterexample.replay and "index 8 out of bounds" in r.counterexample.replay
    assert only(results, "bounds", 5).verdict == Verdict.YES


def test_the_same_loop_with_the_right_bound_is_proved(tmp_path):
    results = prove_source(tmp_path, """\
    int main(void) {
        int a[8];
        for (int i = 0; i < 8; i++)
            a[i] = i;
        return a[7];
    }
    """, check="bounds")
    assert {r.verdict for r in results} == {Verdict.YES} and len(results) == 2


def test_a_loop_over_a_pointer_parameter_within_its_length_is_proved(tmp_path):
    assert_proved(tmp_path, """\
    int sum(int *a, int n) {
        int s = 0;
        for (int i = 0; i < n; i++)
            s ^= a[i];
        return s;
    }
    """, check="bounds")


def test_reading_one_past_the_length_is_refuted_with_the_array_in_the_witness(tmp_path):
    r = assert_refuted(tmp_path, """\
    int get(int *a, int n, int i) {
        __VERIFIER_assume(n < 5);
        if (i >= 0 && i <= n)
            return a[i];
        return 0;
    }
    """, check="bounds")
    inputs = r.counterexample.inputs
    assert inputs["i"] == inputs["n"] == len(inputs["a"]) and "a#len" not in inputs


def test_array_contents_from_nondet_calls_in_a_loop_replay(tmp_path):
    r = assert_refuted(tmp_path, """\
    int main(void) {
        int a[4];
        for (int i = 0; i < 4; i++)
            a[i] = __VERIFIER_nondet_int();
        if (a[1] + 1 == a[3])
            reach_error();
        return 0;
    }
    """, check="assert")
    uninitialised, *values = r.counterexample.nondet  # the array's own (unread) initial elements first
    assert len(uninitialised) == 4 and values[1] + 1 == values[3]


def test_a_global_table_indexed_within_its_size_is_proved(tmp_path):
    assert_proved(tmp_path, """\
    int primes[5] = {2, 3, 5, 7, 11};
    int nth(int i) {
        if (i < 0 || i >= 5)
            return 0;
        return primes[i];
    }
    """, check="bounds")


# ------------------------------------------------------ agreement with gcc

_ACCESS = st.tuples(st.integers(1, 4), st.integers(-2, 2), st.integers(-2, 4), st.integers(0, 5),
                    st.booleans())


@settings(max_examples=6, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(_ACCESS)
def test_bounds_verdicts_agree_with_gcc_runs_on_every_input(tmp_path_factory, access):
    """A small array program with an index in a bounded range: yes only if no
    input makes the gcc-compiled program fail, no only if one does."""
    size, offset, lo, width, write = access
    hi = lo + width
    body = f"a[i + {offset}] = 1;" if write else f"return a[i + {offset}];"
    source = (f"int f(int i) {{\n    int a[{size}] = {{0}};\n"
              f"    __VERIFIER_assume({lo} <= i && i <= {hi});\n    {body}\n    return 0;\n}}\n")
    tmp = tmp_path_factory.mktemp("agree")
    (r,) = [r for r in prove_source(tmp, source, check="bounds") if r.location.line == 4]
    prog = parse_c(source, str(tmp / "prog.c"))
    runner = CReplayer(prog, "f")
    failing = [i for i in range(lo, hi + 1) if runner.run({"i": i}, []).matches("bounds", 4)]
    expected = bool([i for i in range(lo, hi + 1) if not 0 <= i + offset < size])
    assert bool(failing) == expected  # gcc sees exactly the accesses outside the array
    if r.verdict == Verdict.YES:
        assert not failing
    elif r.verdict == Verdict.NO:
        assert failing and r.counterexample.inputs["i"] in failing
    else:
        pytest.fail(f"unknown on a loop-free program: {r.reason}")


def test_each_dimension_of_a_two_dimensional_array_is_checked_as_gcc_does(tmp_path):
    results = prove_source(tmp_path, """\
    int f(int i, int j) {
        int m[2][3] = {{1, 2, 3}, {4, 5, 6}};
        __VERIFIER_assume(0 <= i && i <= 1 && 0 <= j && j <= 3);
        return m[i][j];
    }
    """, check="bounds")
    r = only(results, "bounds", 4)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed
    assert r.counterexample.inputs["j"] == 3  # m[0][3] is inside the 6 ints, but not inside its row
    assert "out of bounds for type 'int [3]'" in r.counterexample.replay


SUM = """\
int sum(int *a, int n) {
    int s = 0;
    for (int i = 0; i < n; i++)
        s ^= a[i];
    return s;
}
void clear(int *a, int n) {
    for (int i = 0; i < n; i++)
        a[i] = 0;
}
int main(void) {
    int b[4] = {1, 2, 3, 4};
    int k = __VERIFIER_nondet_int();
    if (k >= 0 && k <= %d)
        return sum(b, k);
    return 0;
}
int uses_clear(void) {
    int b[4];
    clear(b, 4);
    return b[0];
}
"""


def test_an_array_passed_to_a_reading_function_is_checked_against_its_real_length(tmp_path):
    ok = only(prove_source(tmp_path, SUM % 4, check="bounds", function="main"), "bounds", 4)
    assert ok.verdict == Verdict.YES and ok.message == "index out of bounds (call path: main line 15 -> sum)"
    bad = only(prove_source(tmp_path, SUM % 5, check="bounds", function="main"), "bounds", 4)
    assert bad.verdict == Verdict.NO  # k = 5: sum reads b[4], where gcc sees it
    assert bad.counterexample.confirmed and bad.counterexample.nondet[-1] == 5


def test_a_call_writing_through_its_array_parameter_is_answered_in_the_caller(tmp_path):
    rs = prove_source(tmp_path, (SUM % 4).replace("return b[0];", "return b[3];"), check="bounds",
                      function="uses_clear")
    assert rs and all(r.verdict == Verdict.YES for r in rs)  # clear's writes reach b: b[3] is inside b
