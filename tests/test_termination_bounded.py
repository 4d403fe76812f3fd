"""Iteration bounds: loops of fixed-width integers with no linear ranking
function (bits shifted out, the lowest set bit cleared, an unsigned doubled)
that no state runs more than width-many times in a row; every yes is checked
against gcc-compiled runs that count the iterations."""

from __future__ import annotations

import os
import subprocess
import tempfile
import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.frontends.c import parse_c
from verifier.result import Verdict
from verifier.terminating import termination_result


def answer(source: str, timeout: float = 10):
    return termination_result(parse_c(textwrap.dedent(source), "t.c", "bv"), "f", timeout)


def test_a_left_shift_to_zero_terminates_within_the_width():
    r = answer("""
        int f(unsigned int x) {
            while (x != 0) { x = x << 1; }
            return 0;
        }""")
    assert r.verdict == Verdict.YES, r.reason
    assert r.certificate.text == "loop at line 3: at most 32 iterations from any state"
    assert set(r.certificate.checked_by) == {"z3", "cvc5"}


def test_clearing_the_lowest_set_bit_of_a_short_terminates_within_16():
    r = answer("""
        int f(unsigned short x) {
            while (x != 0) { x = x & (x - 1); }
            return 0;
        }""")
    assert r.verdict == Verdict.YES, r.reason
    assert r.certificate.text == "loop at line 3: at most 16 iterations from any state"
    assert set(r.certificate.checked_by) == {"z3", "cvc5"}


def test_a_bounded_inner_loop_beside_a_ranked_outer_one():
    r = answer("""
        int f(int n, unsigned int y) {
            while (n > 0) { n = n - 1; }
            while (y > 7) { y = 2 * y; }
            return 0;
        }""")
    assert r.verdict == Verdict.YES, r.reason
    assert "loop at line 3: n" in r.certificate.text and "loop at line 4: at most 32 iterations" in r.certificate.text


def test_an_arithmetic_right_shift_of_a_negative_number_is_never_bounded():
    r = answer("""
        int f(int x) {
            while (x != 0) { x = x >> 1; }
            return 0;
        }""", 5)
    assert r.verdict == Verdict.NO, r.reason
    assert r.counterexample.confirmed and r.counterexample.inputs["x"] < 0


CONDITIONS = ["x != 0", "x > 10", "x != 1", "(x & 1) == 0", "x >= 3"]
UPDATES = ["x << 1", "x * 2", "x & (x - 1)", "x | (x + 1)", "x * 3", "x >> 2", "x ^ (x >> 1)", "x + (x & -x)"]
INPUTS = [0, 1, 2, 3, 5, 7, 8, 12, 255, 256, 1000, 12345, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF]


def iterations(condition: str, update: str) -> list[int]:
    """The iterations a gcc-compiled copy of the loop runs from each of `INPUTS` (at most 1000 counted)."""
    harness = f"""
        #include <stdio.h>
        int main(void) {{
            unsigned int inputs[] = {{{", ".join(f"{v}u" for v in INPUTS)}}};
            for (int i = 0; i < {len(INPUTS)}; i++) {{
                unsigned int x = inputs[i];
                int n = 0;
                while (({condition}) && n <= 1000) {{ x = {update}; n++; }}
                printf("%d\\n", n);
            }}
            return 0;
        }}"""
    with tempfile.TemporaryDirectory() as tmp:
        src, exe = os.path.join(tmp, "h.c"), os.path.join(tmp, "h")
        with open(src, "w") as out:
            out.write(textwrap.dedent(harness))
        subprocess.run(["gcc", "-w", "-o", exe, src], check=True)
        run = subprocess.run([exe], check=True, capture_output=True, text=True)
    return [int(line) for line in run.stdout.split()]


@settings(max_examples=3, deadline=None)
@given(st.sampled_from(CONDITIONS), st.sampled_from(UPDATES))
def test_a_bound_holds_on_gcc_runs(condition, update):
    r = answer(f"""
        int f(unsigned int x) {{
            while ({condition}) {{ x = {update}; }}
            return 0;
        }}""", 2)
    if r.verdict != Verdict.YES or "iterations from any state" not in r.certificate.text:
        return
    assert max(iterations(condition, update)) <= 32, (condition, update)
