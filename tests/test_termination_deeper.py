"""Termination beyond one linear/lexicographic/multiphase function: piecewise
ranking functions (a loop head split into regions) and geometric
non-termination replayed with unbounded integers for real."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.affine import Lin
from verifier.engines.termination.piecewise import regions_of
from verifier.frontends.c import parse_c
from verifier.result import Verdict
from verifier.terminating import termination_result

BENCH = Path(__file__).resolve().parents[1] / "bench" / "termination"


def answer(src: str, function: str = "f", timeout: float = 10.0):
    program = parse_c(textwrap.dedent(src), "t.c", "math")
    return termination_result(program, function, timeout)


def test_piecewise_ranking_for_a_sign_flipping_loop():
    r = answer("""
        int f(int x) {
            while (x != 0) {
                if (x > 0) x = 1 - x;
                else x = -1 - x;
            }
            return x;
        }""")
    assert r.verdict == Verdict.YES, r.reason
    assert r.certificate.kind == "ranking" and "z3" in r.certificate.checked_by
    assert r.certificate.text.startswith("loop at line 3: piecewise (")
    # one function per region, and the regions are read off the loop's branch
    pieces = re.findall(r"([^(;]+): ([^;)]+)", r.certificate.text.split("piecewise (", 1)[1])
    assert len(pieces) == 2


def test_piecewise_ranking_when_each_region_keeps_its_own_direction():
    r = answer("""
        int f(int x) {
            while (x > 0 && x < 100) {
                if (x < 50) x = x - 1;
                else x = x + 1;
            }
            return x;
        }""")
    assert r.verdict == Verdict.YES, r.reason
    assert "x >= 50" in r.certificate.text and "x <= 49" in r.certificate.text


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(-3, 3), st.integers(-20, 20)), min_size=1, max_size=2),
       st.integers(-100, 100))
def test_regions_cover_every_state_exactly_once(forms, x):
    regions = regions_of([Lin({"x": a}, b) for a, b in forms])
    assert sum(all(g.value({"x": x}) >= 0 for g in region) for region in regions) == 1


@pytest.mark.skipif(shutil.which("g++") is None or not Path("/usr/include/gmpxx.h").exists(),
                    reason="g++ with GMP's C++ header is needed to run unbounded integers for real")
def test_geometric_nontermination_is_replayed_with_gmp_integers():
    r = answer("""
        int f(int x) {
            while (x > 0) {
                x = 2 * x;
            }
            return x;
        }""")
    assert r.verdict == Verdict.NO, r.reason
    assert r.counterexample.confirmed
    assert r.counterexample.inputs["x"] >= 1
    assert "GMP integers" in r.counterexample.replay and "still running" in r.counterexample.replay
    assert set(r.certificate.checked_by) >= {"z3"}


#: new bench tasks (disjunctive, piecewise, 3-phase, nested, geometric) checked against
#: their expectation (established by running them: bench/termination_oracle/README.md)
SAMPLE = ["t53_three_phase.c", "t56_piecewise_abs.c", "t59_lex_three_nondet.c", "t63_nondet_stall.c",
          "t76_geometric_negative.c", "t86_piecewise_target.c", "t87_geometric_alternating.c"]


@pytest.mark.parametrize("task", SAMPLE)
def test_bench_sample_never_answers_wrong(task):
    text = (BENCH / task).read_text()
    expect = re.search(r"^// expect: (yes|no|unknown)", text, re.M).group(1)
    program = parse_c(text, str(BENCH / task), "math")
    r = termination_result(program, "main", 8.0)
    assert r.verdict.value in (expect, "unknown"), (r.verdict, r.reason, r.certificate)
    if r.verdict == Verdict.NO:
        assert r.counterexample.confirmed


def test_piecewise_certificate_with_the_regions_functions_swapped_is_rejected():
    import time

    from verifier.cfa import build_cfa
    from verifier.encode import encode
    from verifier.engines.ranking import Component, RankNode
    from verifier.engines.termination.piecewise import rank_piecewise
    from verifier.engines.termination.ranked_loops import rank_loops
    from verifier.terminating import certify

    program = parse_c("int f(int x) { while (x != 0) { if (x > 0) x = x - 1; else x = x + 1; } return x; }",
                      "t.c", "math")
    cfa = build_cfa(program, "f")
    ts = encode(cfa)
    deadline = time.monotonic() + 10
    found = rank_loops(cfa, ts, deadline)
    assert found.failures  # no single linear/lexicographic/multiphase function
    pieces = rank_piecewise(cfa, ts, found.paths, found.ranked, [r for r, _ in found.failures],
                            found.invariants, deadline)
    assert pieces is not None
    assert certify(pieces.ts, pieces.ranked, pieces.invariants, deadline).ok
    (split,) = pieces.splits.values()
    node = next(r for r in pieces.ranked if split.ids[0] in r.cutpoints)
    a, b = split.ids
    funcs = [ch.components[0].phases[0] for ch in node.children] if node.children else [node.components[0].phases[0]]
    fa = next(f[a] for f in funcs if a in f)
    fb = next(f[b] for f in funcs if b in f)
    swapped = RankNode(node.cutpoints, [Component("linear", [{a: fb, b: fa}])])
    others = [r for r in pieces.ranked if r is not node]
    assert not certify(pieces.ts, [*others, swapped], pieces.invariants, deadline).ok


@pytest.mark.skipif(shutil.which("g++") is None or not Path("/usr/include/gmpxx.h").exists(),
                    reason="g++ with GMP's C++ header is needed to run unbounded integers for real")
def test_a_sign_alternating_orbit_is_a_replayed_no_with_two_regions():
    r = answer("""
        int f(int x) {
            while (x != 0) {
                x = -2 * x;
            }
            return x;
        }""")
    assert r.verdict == Verdict.NO, r.reason
    assert r.counterexample.confirmed and r.counterexample.inputs["x"] != 0
    # one region of each sign, each stepping into the other
    regions = r.certificate.text.split(": {", 1)[1].rstrip("}").split(" || ")
    assert len(regions) == 2 and any("<=" in g for g in regions) and any(">=" in g for g in regions)


def test_euclid_with_a_remainder_by_a_variable_terminates():
    # |a % b| <= |b| - 1, with the sign of a: the remainder is what ranks the loop
    r = answer("""
        int f(int a, int b) {
            int t;
            if (a < 0 || b < 0) return 0;
            while (b != 0) {
                t = b;
                b = a % b;
                a = t;
            }
            return a;
        }""")
    assert r.verdict == Verdict.YES, r.reason
    assert r.certificate.text.splitlines()[0] == "loop at line 5: b"
