"""`verify equiv` of a recursion against a loop (`equivalence.recurrence`): the
loop's invariant speaks of the recursive function (``a == fib(i)``), its
definition is instantiated where the proof needs it, and a guarded ``int``
recursion is computed into a table that bounds the loop's values. Yes answers
are re-checked by z3 and cvc5 and must match gcc runs; no guard (an overflow)
or a loop one step off is never a yes."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.crosscheck.recheck import recheck
from verifier.equivalence import equiv
from verifier.equivalence.recurrence import recurrence_answer
from verifier.frontends.c import parse_c
from verifier.result import Verdict

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is not installed")

FIB = """
    int fib(int n) {
        if (n <= 1) return n;
        return fib(n - 1) + fib(n - 2);
    }
    int f(int n) {
        if (n < 0 || n > %d) return 0;
        return fib(n);
    }
    """
FIB_LOOP = """
    int g(int n) {
        if (n < 0 || n > %d) return 0;
        int a = 0, b = 1;
        for (int i = 0; i %s n; i++) {
            int t = a + b;
            a = b;
            b = t;
        }
        return a;
    }
    """


def write(tmp_path: Path, name: str, source: str) -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(source).lstrip("\n"))
    return str(path)


def program(source: str, semantics: str = "bv"):
    return parse_c(textwrap.dedent(source), "t.c", semantics)


def answer(a: str, b: str, semantics: str = "bv", partial: bool = False, seconds: float = 30.0):
    return recurrence_answer(program(a, semantics), "f", program(b, semantics), "g",
                             time.monotonic() + seconds, partial)


@needs_gcc
def test_recursive_fibonacci_equals_the_loop_with_a_rechecked_invariant(tmp_path):
    a, b = write(tmp_path, "a.c", FIB % 30), write(tmp_path, "b.c", FIB_LOOP % (30, "<"))
    [r] = equiv(f"{a}:f", f"{b}:g", timeout=20)
    assert r.verdict == Verdict.YES, r.reason
    assert r.engine == "recurrence+houdini"
    assert set(r.certificate.checked_by) == {"z3", "cvc5"}
    assert "a2 == fib(i2)" in r.certificate.text and "b2 == fib(i2 + 1)" in r.certificate.text
    assert "fib(33) = 3524578" in r.certificate.text  # the table runs past the guard: the loop computes fib(n + 1)
    assert "calls it below j" in r.certificate.note


@needs_gcc
def test_the_loop_one_step_off_is_a_replayed_no(tmp_path):
    a, b = write(tmp_path, "a.c", FIB % 30), write(tmp_path, "b.c", FIB_LOOP % (30, "<="))
    [r] = equiv(f"{a}:f", f"{b}:g", timeout=20)
    assert r.verdict == Verdict.NO
    assert r.counterexample.confirmed
    n = r.counterexample.inputs["n"]
    assert 0 <= n <= 30 and f"f returns {_fib(n)}" in r.message and f"g returns {_fib(n + 1)}" in r.message


def _fib(n: int) -> int:
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def test_without_the_range_guard_the_overflow_is_never_a_yes():
    unguarded = FIB.replace("n < 0 || n > %d", "n < 0")
    loop = FIB_LOOP.replace("n < 0 || n > %d", "n < 0") % "<"
    assert answer(unguarded, loop) is None  # fib(47) overflows both sides: undefined, not equal


def test_a_guard_past_the_last_int_fibonacci_is_not_proved():
    # n = 46: fib(46) fits an int, but the loop also computes fib(47), which overflows
    assert answer(FIB % 46, FIB_LOOP % (46, "<")) is None
    assert answer(FIB % 45, FIB_LOOP % (45, "<")).status == "equal"


def test_tribonacci_keeps_three_values_of_the_recursion():
    trib = """
        int trib(int n) {
            if (n < 2) return 0;
            if (n == 2) return 1;
            return trib(n - 1) + trib(n - 2) + trib(n - 3);
        }
        int f(int n) { if (n < 0 || n > 25) return -1; return trib(n); }"""
    trib_loop = """
        int g(int n) {
            if (n < 0 || n > 25) return -1;
            int x = 0, y = 0, z = 1;
            for (int i = 0; i < n; i++) { int t = x + y + z; x = y; y = z; z = t; }
            return x;
        }"""
    found = answer(trib, trib_loop)
    assert found.status == "equal" and "z2 == trib(i2 + 2)" in found.certificate_text


def test_pell_numbers_with_the_recursion_on_side_b():
    pell_loop = """
        int f(int n) {
            if (n < 0 || n > 20) return 0;
            int p = 0, q = 1;
            for (int i = 0; i < n; i++) { int r = 2 * q + p; p = q; q = r; }
            return p;
        }"""
    pell = """
        int pell(int n) {
            if (n == 0) return 0;
            if (n == 1) return 1;
            return 2 * pell(n - 1) + pell(n - 2);
        }
        int g(int n) { if (n < 0 || n > 20) return 0; return pell(n); }"""
    assert answer(pell_loop, pell).status == "equal"


def test_a_running_sum_and_its_rechecked_table():
    total = """
        int sum(int n) { if (n <= 0) return 0; return n + sum(n - 1); }
        int f(int n) { if (n > 200) return 0; return sum(n); }"""
    total_loop = """
        int g(int n) {
            if (n > 200) return 0;
            int s = 0;
            for (int i = 1; i <= n; i++) s += i;
            return s;
        }"""
    found = answer(total, total_loop)
    assert found.status == "equal" and "s2 == sum(i2 - 1)" in found.certificate_text
    check = recheck(found.proof_smt2, timeout_s=60)
    assert not check.refuted_by and "z3" in check.checked_by


def test_unbounded_integers_need_no_table_but_a_measure():
    rec = "int f(int n) { if (n <= 0) return 0; return n + f(n - 1); }"
    loop = "int g(int n) { int s = 0; for (int i = 1; i <= n; i++) s += i; return s; }"
    found = answer(rec, loop, "math")
    assert found.status == "equal" and "computed" not in found.certificate_text
    assert "recursive calls decrease f: n" in found.termination
    assert answer(rec, loop.replace("s += i", "s += i + 1"), "math") is None


def test_a_recursion_that_never_ends_is_not_read_as_a_definition():
    spin = """
        int h(int n) { if (n > 100) return 0; return h(n); }
        int f(int n) { if (n < 0 || n > 10) return 0; return h(n); }"""
    zero = "int g(int n) { int s = 0; for (int i = 0; i < n && i < 10; i++) s += 0; return s; }"
    assert answer(spin, zero) is None
    assert answer(spin, zero, partial=True) is None  # h(n) == h(n) + 0 says nothing: no table, no measure


# ------------------------------------------------ soundness against gcc runs

RECURRENCE = """
    int h(int n) {
        if (n == 0) return %d;
        if (n == 1) return %d;
        return %d * h(n - 1) + %d * h(n - 2);
    }
    int f(int n) {
        if (n < 0 || n > %d) return 0;
        return h(n);
    }
    """
LOOP = """
    int g(int n) {
        if (n < 0 || n > %d) return 0;
        int a = %d, b = %d;
        for (int i = 0; i < n; i++) {
            int t = %d * b + %d * a;
            a = b;
            b = t;
        }
        return a;
    }
    """


def _run_both(tmp_path: Path, a: str, b: str, inputs: list[int]) -> tuple[list[int], list[int]]:
    src = tmp_path / "both.c"
    src.write_text(textwrap.dedent(a) + textwrap.dedent(b) + textwrap.dedent("""
        #include <stdio.h>
        #include <stdlib.h>
        int main(int argc, char **argv) {
            for (int i = 1; i < argc; i++) printf("%d %d\\n", f(atoi(argv[i])), g(atoi(argv[i])));
            return 0;
        }"""))
    binary = tmp_path / "both"
    subprocess.run(["gcc", "-w", "-fsanitize=undefined", "-fno-sanitize-recover=all", "-o", str(binary), str(src)],
                   check=True, timeout=60)
    out = subprocess.run([str(binary), *map(str, inputs)], capture_output=True, text=True, timeout=30, check=True)
    pairs = [tuple(map(int, line.split())) for line in out.stdout.splitlines()]
    return [x for x, _ in pairs], [y for _, y in pairs]


@needs_gcc
@settings(max_examples=5, deadline=None)
@given(st.integers(-3, 3), st.integers(-3, 3), st.integers(0, 3), st.integers(-2, 2), st.integers(4, 14),
       st.integers(0, 3), st.sampled_from([0, 0, 1, -1]))
def test_a_recurrence_proof_means_gcc_runs_agree(tmp_path_factory, b0, b1, c1, c2, top, which, delta):
    a = RECURRENCE % (b0, b1, c1, c2, top)
    perturbed = [b0, b1, c1, c2]
    perturbed[which] += delta  # the same loop when delta is 0
    b = LOOP % (top, perturbed[0], perturbed[1], perturbed[2], perturbed[3])
    found = answer(a, b)
    xs, ys = _run_both(tmp_path_factory.mktemp("rec"), a, b, list(range(-2, top + 3)))
    if found is not None:
        assert found.status == "equal" and xs == ys
    if delta == 0:
        assert xs == ys and found is not None
