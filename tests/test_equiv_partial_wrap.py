"""`verify equiv --partial` (agreement whenever both end) and `--int-semantics wrap`.

Each answer is checked against real runs: a no carries a counterexample both
functions were run on (gcc -fwrapv for wrap), a yes a certificate z3
re-checked. The bench sample at the end runs pairs of bench/equiv/ and
requires every yes/no to be the expected one.
"""

from __future__ import annotations

import re
import shutil
import sys
import textwrap
from pathlib import Path

import pytest

from verifier.config import INT_SEMANTICS
from verifier.equivalence import equiv
from verifier.result import Verdict

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is not installed")
BENCH = Path(__file__).resolve().parents[1] / "bench"

COUNTDOWN = """
    def f(x: int) -> int:
        while x > 100:
            x = x - 1
        return x * 2
    """
SPIN = """
    def g(x: int) -> int:
        while x > 100:
            x = x + 0
        return x + x
    """


def write(tmp_path: Path, name: str, source: str) -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(source).lstrip("\n"))
    return str(path)


def test_a_termination_difference_is_a_no_under_total_and_a_yes_under_partial(tmp_path):
    a, b = write(tmp_path, "a.py", COUNTDOWN), write(tmp_path, "b.py", SPIN)
    [total] = equiv(a, b, timeout=10)
    assert total.verdict == Verdict.NO and total.check == "equivalence"
    assert total.counterexample.confirmed and total.counterexample.inputs["x"] > 100
    assert "A terminates where B does not" in total.message and "--partial" in total.message
    [partial] = equiv(a, b, timeout=10, partial=True)
    assert partial.verdict == Verdict.YES, partial.reason
    assert partial.check == "partial-equivalence"
    assert partial.certificate.kind == "coupling-invariant" and "z3" in partial.certificate.checked_by
    assert "not required" in partial.certificate.note
    assert partial.message.endswith("where both end")


def test_partial_still_reports_a_difference_where_both_end(tmp_path):
    a = write(tmp_path, "a.py", """
        def f(x: int) -> int:
            while x < 0:
                x = x + 0
            return x + 1
        """)
    b = write(tmp_path, "b.py", """
        def g(x: int) -> int:
            while x < 0:
                x = x - 0
            if x == 3:
                return 0
            return x + 1
        """)
    [r] = equiv(a, b, timeout=10, partial=True)
    assert r.verdict == Verdict.NO
    assert r.counterexample.confirmed and r.counterexample.inputs == {"x": 3}
    assert r.counterexample.outputs == {"A": 4, "B": 0}


def test_an_undecided_termination_names_the_missing_part_under_total(tmp_path):
    a = write(tmp_path, "a.py", """
        def f(n: int) -> int:
            c = 0
            while n > 0:
                n = n - 1
                c += 1
            return c
        """)
    b = write(tmp_path, "b.py", """
        def g(n: int) -> int:
            c = 0
            while n != 0:
                n = n - 1
                c = c + 1
            return c
        """)
    [r] = equiv(a, b, timeout=6)
    assert r.verdict == Verdict.UNKNOWN
    assert "termination of B was not decided" in r.reason and "a yes under --partial" in r.reason


HASH_A = """
    int f(int n, int x) {
        int h = 7;
        for (int i = 0; i < n; i++)
            h = 31 * h + x;
        return h;
    }
    """
HASH_B = """
    int g(int n, int x) {
        int h = 7;
        for (int i = 0; i < n; i++)
            h = (h << 5) - h + x;
        return h;
    }
    """


@needs_gcc
def test_wrap_makes_the_java_hash_step_equal_and_bv_tells_the_failures_apart(tmp_path):
    a, b = write(tmp_path, "a.c", HASH_A), write(tmp_path, "b.c", HASH_B)
    [wrapped] = equiv(a, b, semantics="wrap", timeout=10)
    assert wrapped.verdict == Verdict.YES, wrapped.reason
    assert "z3" in wrapped.certificate.checked_by
    [bits] = equiv(a, b, semantics="bv", timeout=10)
    assert bits.verdict == Verdict.NO and bits.counterexample.confirmed


def _wrap32(v: int) -> int:
    return (v + 2**31) % 2**32 - 2**31


@needs_gcc
def test_a_wrap_difference_replays_under_gcc_fwrapv_with_wrapped_values(tmp_path):
    a = write(tmp_path, "a.c", "int f(int a, int b) { return (a + b) / 2; }\n")
    b = write(tmp_path, "b.c", "int g(int a, int b) { return a + (b - a) / 2; }\n")
    [r] = equiv(a, b, semantics="wrap", timeout=10)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed
    x, y = r.counterexample.inputs["a"], r.counterexample.inputs["b"]
    assert r.counterexample.outputs["A"] == int(_wrap32(x + y) / 2)
    assert r.counterexample.outputs["B"] == _wrap32(x + int(_wrap32(y - x) / 2))


@needs_gcc
def test_prove_under_wrap_has_no_add_overflow_but_keeps_int_min_division(tmp_path):
    from verifier import prove

    path = write(tmp_path, "w.c", """
        int f(int x, int d) {
            int y = x + 1;
            if (x == 2147483647) __VERIFIER_assert(y < 0);
            return y / d;
        }
        """)
    results = prove(path, semantics="wrap", checks="assert,overflow,div-by-zero")
    by_check = {(r.check, r.location.line): r for r in results}
    assert by_check[("assert", 3)].verdict == Verdict.YES
    assert all(r.location.line != 2 for r in results if r.check == "overflow")
    division = by_check[("overflow", 4)]
    assert division.verdict == Verdict.NO and division.counterexample.confirmed
    assert division.counterexample.inputs == {"x": 2147483647, "d": -1}


def test_wrap_is_a_known_semantics_but_not_for_python(tmp_path):
    from verifier.errors import InputError
    from verifier.load import load_program

    assert "wrap" in INT_SEMANTICS
    path = write(tmp_path, "a.py", "def f(x: int) -> int:\n    return x\n")
    with pytest.raises(InputError, match="does not apply to Python"):
        load_program(path, "wrap")


# ------------------------------------------------------------- bench sample

#: a sample of bench/equiv/ pairs (partial, wrap, unrolling, recursion); fast ones
SAMPLE = ("part_differ_py", "part_gcd_c", "wrap_abs_c", "wrap_mul_shift_c", "wrap_midpoint_c", "rec_max_c",
          "unroll2_off_py", "total_countdown_py")


@needs_gcc
@pytest.mark.parametrize("name", SAMPLE)
def test_bench_pair_answers_are_never_wrong(name):
    sys.path.insert(0, str(BENCH))
    from bench_equiv import pair_options

    folder = BENCH / "equiv" / name
    a, b = next(folder.glob("a.*")), next(folder.glob("b.*"))
    expected = re.search(r"expect:\s*(yes|no)", b.read_text()).group(1)
    partial, semantics = pair_options(b.read_text())
    [r] = equiv(f"{a}:f", f"{b}:g", semantics=semantics, timeout=8, partial=partial)
    assert r.verdict.value in (expected, "unknown"), (r.verdict, r.reason, r.message)
    if r.verdict == Verdict.NO:
        assert r.counterexample.confirmed


# ------------------------------------------------- wrap: IR against gcc -fwrapv

WRAPPING = """
    int f(int a, int b) {
        int c = a * 31 + (b << 3) - a;
        c += 2147483647;
        return -c;
    }
    """


def _expected(a: int, b: int) -> int:
    c = _wrap32(_wrap32(_wrap32(a * 31) + _wrap32(b << 3)) - a)
    return _wrap32(-_wrap32(c + 2147483647))


@needs_gcc
def test_wrapped_ir_interpreter_and_gcc_fwrapv_agree_on_random_inputs(tmp_path):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from verifier.cfa import build_cfa
    from verifier.equivalence.real_runs import CRunner
    from verifier.interpret import run_cfa
    from verifier.load import load_program

    program = load_program(write(tmp_path, "w.c", WRAPPING), "wrap")
    assert program.semantics == "wrap"
    cfa = build_cfa(program, "f")
    inputs: list[list[int]] = []
    ints = st.integers(-(2**31), 2**31 - 1)

    @settings(max_examples=40, derandomize=True, database=None, deadline=None)
    @given(st.tuples(ints, ints))  # under -fwrapv a negative value shifts left without failing, as in the IR
    def collect(values):
        inputs.append(list(values))

    collect()
    outcomes = CRunner(program, "f").run(inputs)
    for (a, b), outcome in zip(inputs, outcomes):
        run = run_cfa(cfa, {"a": a, "b": b}, lambda site, step, t: 0)
        assert outcome.status == "return" and outcome.value == _expected(a, b), (a, b, outcome)
        assert run.finished and run.failure is None and run.returned == _expected(a, b), (a, b)
