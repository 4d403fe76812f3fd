"""`verify equiv` on recursion past the inlining bound: one Horn system over the
summaries of both sides (plus a measure of each side's recursive calls under
total equivalence), re-checked by z3 and cvc5; and never a yes where real
runs (gcc) tell the functions apart."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.equivalence import equiv
from verifier.equivalence.summaries import summaries_answer
from verifier.frontends.c import parse_c
from verifier.result import Verdict

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is not installed")

MC91 = """
    int mc91(int n) {
        if (n > 100) return n - 10;
        return mc91(mc91(n + 11));
    }
    int f(int n) { return mc91(n); }
    """
CLOSED = """
    int g(int n) {
        if (n > %d) return n - 10;
        return 91;
    }
    """


def write(tmp_path: Path, name: str, source: str) -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(source).lstrip("\n"))
    return str(path)


def budget(seconds: float = 20.0) -> tuple[float, float]:
    """(Spacer's deadline, the measures' deadline), from now."""
    return time.monotonic() + seconds, time.monotonic() + 2 * seconds


def program(source: str, semantics: str = "bv"):
    return parse_c(textwrap.dedent(source), "t.c", semantics)


@needs_gcc
def test_mccarthy_91_equals_its_closed_form_through_summaries(tmp_path):
    a, b = write(tmp_path, "a.c", MC91), write(tmp_path, "b.c", CLOSED % 100)
    [r] = equiv(f"{a}:f", f"{b}:g", timeout=15)
    assert r.verdict == Verdict.YES, r.reason
    assert r.certificate.kind == "summary" and set(r.certificate.checked_by) == {"z3", "cvc5"}
    assert "mc91(n) returns only when:" in r.certificate.text
    assert "recursive calls decrease mc91: -n + 100" in r.certificate.note


def test_a_closed_form_off_by_one_is_never_proved_by_summaries():
    found = summaries_answer(program(MC91), "f", program(CLOSED % 99), "g", *budget(), False)
    assert found is None


def test_partial_equivalence_needs_no_measure_and_total_names_the_missing_one():
    down = """
        int down(int n) {
            if (n == 0) return 0;
            return 1 + down(n - 1);
        }
        int f(int n) { return down(n); }"""
    ident = "int g(int n) { return n; }"
    pa, pb = program(down, "math"), program(ident, "math")
    partial = summaries_answer(pa, "f", pb, "g", *budget(), True)
    assert partial.status == "equal" and partial.certificate_kind == "summary"
    assert "f(n) returns only when: f(n) == n" in partial.certificate_text
    total = summaries_answer(pa, "f", pb, "g", *budget(), False)
    assert total.status == "partial" and "termination of A was not decided" in total.reason


def test_a_check_that_can_fail_on_one_side_blocks_the_proof():
    # same results wherever both return, but A overflows on large n and B does not
    a = """
        int twice(int n) {
            if (n <= 0) return 0;
            return 2 + twice(n - 1);
        }
        int f(int n) { return twice(n); }"""
    b = "int g(int n) { return n > 0 ? 2 * (long long)n > 2147483647 ? 0 : 2 * n : 0; }"
    assert summaries_answer(program(a), "f", program(b), "g", *budget(3.0), False) is None


def test_python_sides_are_left_to_the_other_engines():
    from verifier.frontends.python import parse_python

    src = "def f(n: int) -> int:\n    if n <= 0:\n        return 0\n    return f(n - 1)\n"
    p = parse_python(src, "a.py")
    assert summaries_answer(p, "f", p, "f", *budget(), True) is None


# ------------------------------------------------ soundness against gcc runs

FAMILY = """
    int rec(int n) {
        if (n <= %d) return %d;
        return rec(n - 1) + %d;
    }
    int f(int n) {
        if (n < -50 || n > 50) return 0;
        return rec(n);
    }
    """
CANDIDATE = """
    int g(int n) {
        if (n < -50 || n > 50) return 0;
        return n <= %d ? %d : %d * n + %d;
    }
    """


def _run_c(tmp_path: Path, source: str, name: str, inputs: list[int]) -> list[int]:
    src = tmp_path / f"{name}.c"
    src.write_text(textwrap.dedent(source) + textwrap.dedent(f"""
        #include <stdio.h>
        #include <stdlib.h>
        int main(int argc, char **argv) {{
            for (int i = 1; i < argc; i++) printf("%d\\n", {name}(atoi(argv[i])));
            return 0;
        }}"""))
    binary = tmp_path / name
    subprocess.run(["gcc", "-w", "-o", str(binary), str(src)], check=True, timeout=60)
    out = subprocess.run([str(binary), *map(str, inputs)], capture_output=True, text=True, timeout=30, check=True)
    return [int(line) for line in out.stdout.split()]


@needs_gcc
@settings(max_examples=8, deadline=None)
@given(st.integers(-3, 3), st.integers(-5, 5), st.integers(0, 2), st.sampled_from([0, 0, 1, -1]))
def test_a_summary_proof_means_gcc_runs_agree(tmp_path_factory, stop, base, step, delta):
    a = FAMILY % (stop, base, step)
    b = CANDIDATE % (stop, base, step, base - step * stop + delta)  # the closed form when delta is 0
    found = summaries_answer(program(a), "f", program(b), "g", *budget(), False)
    tmp = tmp_path_factory.mktemp("summ")
    inputs = list(range(-52, 53))
    same = _run_c(tmp, a, "f", inputs) == _run_c(tmp, b, "g", inputs)
    if found is not None and found.status == "equal":
        assert same
    if delta == 0:
        assert same and found is not None and found.status == "equal"
