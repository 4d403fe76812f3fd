"""Ranking certificates of bit-vector programs checked on the exact integer
reading (`verifier.terminating_exact`): nested loops whose bit-vector
obligations take seconds are certified in milliseconds, a wrong ranking
function is still refused, and every yes on 8-bit loops that wrap is
checked against gcc-compiled runs from all 256 inputs."""

from __future__ import annotations

import os
import subprocess
import tempfile
import textwrap
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.cfa import build_cfa
from verifier.encode import encode
from verifier.engines.ranking import Component, Lin, RankNode
from verifier.engines.termination.ranked_loops import block_sccs
from verifier.frontends.c import parse_c
from verifier.result import Verdict
from verifier.terminating import certify, termination_result
from verifier.terminating_exact import exact_reading

INNER_MOVES_OUTER = """
    int f(int n) {
        int i, j;
        for (i = 0; i < n; i++) {
            for (j = 0; j < 3; j++) { if (i > 0) i--; }
            i = i + 3;
        }
        return 0;
    }"""


def test_a_nested_loop_whose_inner_loop_moves_the_outer_counter_is_certified():
    started = time.process_time()
    r = termination_result(parse_c(textwrap.dedent(INNER_MOVES_OUTER), "t.c", "bv"), "f", 10)
    assert r.verdict == Verdict.YES, r.reason
    assert set(r.certificate.checked_by) == {"z3", "cvc5"}
    assert time.process_time() - started < 5  # the bit-vector obligations alone took z3 over 10 s


def test_the_integer_reading_refuses_a_wrong_ranking_function():
    program = parse_c("int f(int x) { while (x > 0) { x = x - 1; } return 0; }", "t.c", "bv")
    cfa = build_cfa(program, "f")
    ts = encode(cfa)
    ((head,),) = [tuple(r) for r in block_sccs(ts)]
    for wrong in (Lin({"x": -1}), Lin({"x": 1}, -5)):
        node = RankNode(frozenset({head}), [Component("linear", [{head: wrong}])])
        check = certify(ts, [node], {}, time.monotonic() + 10, exact_reading(cfa, set()))
        assert not check.ok and "failed its check" in check.reason


def runs_end(declaration: str, condition: str, update: str) -> bool:
    """Whether a gcc-compiled copy of the loop ends from every 8-bit input (at most 100,000 iterations each)."""
    harness = f"""
        int main(void) {{
            for (int v = 0; v < 256; v++) {{
                {declaration} x = ({declaration})v;
                long n = 0;
                while ({condition}) {{ x = {update}; if (++n > 100000) return 1; }}
            }}
            return 0;
        }}"""
    with tempfile.TemporaryDirectory() as tmp:
        src, exe = os.path.join(tmp, "h.c"), os.path.join(tmp, "h")
        with open(src, "w") as out:
            out.write(textwrap.dedent(harness))
        subprocess.run(["gcc", "-w", "-o", exe, src], check=True)
        return subprocess.run([exe]).returncode == 0


@settings(max_examples=3, deadline=None)
@given(st.sampled_from(["unsigned char", "signed char"]), st.sampled_from(["x < {k}", "x != {k}", "x > {k}"]),
       st.integers(-3, 120), st.sampled_from(["x + {s}", "x - {s}", "x + {s} + (x > 60)"]), st.integers(1, 70))
def test_a_yes_on_a_wrapping_8_bit_loop_means_gcc_runs_end(declaration, condition, k, update, s):
    cond, step = condition.format(k=k), update.format(s=s)
    source = f"int f({declaration} x) {{ while ({cond}) {{ x = {step}; }} return 0; }}"
    r = termination_result(parse_c(source, "t.c", "bv"), "f", 3)
    if r.verdict == Verdict.YES:
        assert runs_end(declaration, cond, step), (source, r.certificate.text)
