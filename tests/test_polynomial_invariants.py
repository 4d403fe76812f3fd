"""Polynomial invariants: null-space equalities from samples, Houdini on linear abstractions, certificates."""

from __future__ import annotations

import functools
import textwrap
import time
from fractions import Fraction

import pytest
import z3
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.cfa import build_cfa
from verifier.crosscheck.recheck import recheck
from verifier.encode import encode
from verifier.engines.invariants.chc import ChcOptions, ChcStats, run_chc
from verifier.engines.invariants.horn import HornView
from verifier.engines.invariants.polynomial_candidates import (independent_names, monomial_bounds, monomials,
                                                               polynomial_equalities)
from verifier.engines.invariants.polynomial_houdini import Linearizer, inductive_subset
from verifier.engines.invariants.polynomial_invariants import multiplies_variables
from verifier.engines.invariants.sampled_invariants import sample_states
from verifier.linalg import null_space
from verifier.result import Verdict

from .helpers import assert_refuted, only, prove_source

c_frontend = pytest.importorskip("verifier.frontends.c")

CUBES = """
    int main(void) {
        int a = __VERIFIER_nondet_int();
        __VERIFIER_assume(a >= 0);
        int n = 0, x = 0, y = 1, z = 6;
        while (n <= a) {
            n = n + 1;
            x = x + y;
            y = y + z;
            z = z + 6;
        }
        __VERIFIER_assert(x == n * n * n);
        return 0;
    }
"""

LCM = """
    int main(void) {
        int a = __VERIFIER_nondet_int();
        int b = __VERIFIER_nondet_int();
        __VERIFIER_assume(a >= 1 && b >= 1);
        int x = a, y = b, u = b, v = 0;
        while (x != y) {
            if (x > y) {
                x = x - y;
                v = v + u;
            } else {
                y = y - x;
                u = u + v;
            }
        }
        __VERIFIER_assert(x * u + y * v == a * b);
        return 0;
    }
"""


def system(source: str, semantics: str = "math"):
    program = c_frontend.parse_c(textwrap.dedent(source).lstrip("\n"), "t.c", semantics)
    return encode(build_cfa(program, "main"))


def holds(f: z3.BoolRef, state: dict[str, int]) -> bool:
    """Does `f` (over integer constants named after variables) hold of `state`?"""
    pairs = [(z3.Int(n), z3.IntVal(v)) for n, v in state.items() if isinstance(v, int)]
    return z3.is_true(z3.simplify(z3.substitute(f, *pairs)))


def cube_states(inputs: range) -> list[dict[str, int]]:
    """Loop-head states of CUBES, run in Python."""
    out = []
    for a in inputs:
        n, x, y, z = 0, 0, 1, 6
        while True:
            out.append({"a": a, "n": n, "x": x, "y": y, "z": z})
            if n > a:
                break
            n, x, y, z = n + 1, x + y, y + z, z + 6
    return out


# ------------------------------------------------------------ null spaces


@settings(max_examples=30, deadline=None, derandomize=True)
@given(st.lists(st.lists(st.integers(-6, 6), min_size=4, max_size=4), min_size=1, max_size=7))
def test_null_space_is_sympys_basis(rows):
    sympy = pytest.importorskip("sympy")
    ours = null_space([[Fraction(v) for v in r] for r in rows], 4)
    theirs = [[Fraction(int(x.p), int(x.q)) for x in v] for v in sympy.Matrix(rows).nullspace()]
    assert ours == theirs


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(-30, 30), st.integers(-30, 30), st.integers(-30, 30)), min_size=20, max_size=40))
def test_fitted_equalities_hold_on_every_sample(points):
    samples = [{"p": p, "q": q, "r": p * q - r * r} for p, q, r in points]
    found = polynomial_equalities(samples, ["p", "q", "r"], 2)
    if len({tuple(s.values()) for s in samples}) < len(monomials(["p", "q", "r"], 2)) + 8:
        assert found is None  # too few distinct samples to trust a null space
        return
    assert found is not None
    assert all(holds(eq, s) for eq in found for s in samples)


def test_cube_equalities_are_found_and_redundant_ones_left_out():
    samples = cube_states(range(0, 8))
    names, affine = independent_names(samples, ["a", "n", "x", "y", "z"])
    assert names == ["a", "n", "x", "y"] and len(affine) == 1  # z == 6*n + 6
    found = polynomial_equalities(samples, names, 3)
    n, x, y = z3.Ints("n x y")
    solver = z3.Solver()
    solver.add(*found)
    solver.add(z3.Or(x != n * n * n, y != 3 * n * n + 3 * n + 1))
    assert solver.check() == z3.unsat  # they imply the closed forms
    assert len(found) <= 4  # multiples of an equality by a monomial are left out


@functools.cache
def cube_equalities() -> list[z3.BoolRef]:
    """Equalities fitted on CUBES' states for inputs 0 .. 29 (enough that the
    monomials' values, up to n**9 through x**3, have more rows than rank)."""
    fitted = cube_states(range(0, 30))
    names, affine = independent_names(fitted, ["a", "n", "x", "y", "z"])
    return affine + polynomial_equalities(fitted, names, 3)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.integers(0, 10_000), st.integers(0, 60))
def test_fitted_equalities_hold_on_fresh_states(a, steps):
    """Fitted on small runs, the equalities hold on a run with any other input."""
    equalities = cube_equalities()
    n, x, y, z = 0, 0, 1, 6
    for _ in range(min(steps, a + 1)):
        n, x, y, z = n + 1, x + y, y + z, z + 6
    state = {"a": a, "n": n, "x": x, "y": y, "z": z}
    assert all(holds(eq, state) for eq in equalities)


@settings(max_examples=15, deadline=None, derandomize=True)
@given(st.integers(1, 10_000))
def test_equalities_from_the_interpreter_hold_on_states_of_another_seed(seed):
    ts = system(LCM)
    (head,) = ts.cfa.loops
    names = ["a", "b", "x", "y", "u", "v"]
    fitted = sample_states(ts.cfa, time.monotonic() + 5, runs=48, max_edges=1500, max_states=160, per_run=12)[head]
    found = polynomial_equalities(fitted, names, 2)
    assert found, "the null space should have x*u + y*v == a*b"
    fresh = sample_states(ts.cfa, time.monotonic() + 5, runs=6, seed=seed)[head]
    assert all(holds(eq, s) for eq in found for s in fresh)


def test_square_bounds_hold_on_samples():
    samples = [{"a": a, "n": n} for n in range(0, 40) for a in range(0, 7) if a * a <= n]
    bounds = monomial_bounds(samples, ["a", "n"])
    a, n = z3.Ints("a n")
    assert any(z3.eq(z3.simplify(b), z3.simplify(a * a - n <= 0)) for b in bounds)
    assert all(holds(b, s) for b in bounds for s in samples)


# ------------------------------------------------------------ Houdini


def test_linearizer_names_each_product_once_and_knows_squares_are_non_negative():
    x, y = z3.Ints("x y")
    lin = Linearizer()
    f = lin.linear((x + 1) * (x + 1) + x * y == y * x)
    solver = z3.Solver()
    solver.add(f, *lin.lemmas())
    assert solver.check() == z3.sat  # the abstraction: x*x is a fresh variable, x*y another
    solver.add(lin.linear(x * x < 0))
    assert solver.check() == z3.unsat


def test_a_candidate_that_is_not_inductive_is_dropped():
    ts = system(LCM)
    (head,) = ts.cfa.loops
    a, b, x, y, u, v = z3.Ints("a b x y u v")
    good = x * u + y * v == a * b
    initial_only = x * u == a * b  # true on entry (v == 0), not after the first step that adds to v
    wrong_sign = u * v <= 0  # true on entry, then u*v grows
    inv = inductive_subset(HornView(ts), {head: [good, initial_only, wrong_sign, x >= 1, y >= 1]},
                           time.monotonic() + 10)
    kept = {str(c) for c in z3.simplify(inv[head]).children()} if z3.is_and(inv[head]) else {str(inv[head])}
    assert str(good) in {str(c) for c in _conjuncts(inv[head])}, kept
    assert str(initial_only) not in {str(c) for c in _conjuncts(inv[head])}
    assert str(wrong_sign) not in {str(c) for c in _conjuncts(inv[head])}


@settings(max_examples=10, deadline=None, derandomize=True)
@given(st.integers(1, 10_000))
def test_every_kept_candidate_holds_on_real_runs(seed):
    """Houdini on the linear abstraction keeps only facts of every reachable state."""
    ts = system(CUBES)
    (head,) = ts.cfa.loops
    a, n, x, y, z = z3.Ints("a n x y z")
    candidates = [x == n * n * n, y == 3 * n * n + 3 * n + 1, z == 6 * n + 6, x <= y, n * n <= x, x <= 1000,
                  y * y <= x * z, a * n >= 0, n <= a + 1, x == y - 1]
    inv = inductive_subset(HornView(ts), {head: candidates}, time.monotonic() + 10)
    states = sample_states(ts.cfa, time.monotonic() + 5, runs=8, seed=seed)[head]
    assert states
    assert all(holds(c, s) for c in _conjuncts(inv[head]) for s in states)
    assert x == n * n * n in _conjuncts(inv[head]) or any(c.eq(x == n * n * n) for c in _conjuncts(inv[head]))


def _conjuncts(f: z3.BoolRef) -> list[z3.BoolRef]:
    return list(f.children()) if z3.is_and(f) else [f]


# ------------------------------------------------------------ the engine


def test_multiplication_selects_the_polynomial_step():
    assert multiplies_variables(system(CUBES).cfa)
    assert not multiplies_variables(system("""
        int main(void) { int i = 0; while (i < 10) { i = i + 2; } __VERIFIER_assert(i == 10); return 0; }
    """).cfa)


def test_lcm_is_proved_with_a_polynomial_certificate_both_solvers_accept():
    ts = system(LCM)
    stats = ChcStats()
    answers = run_chc(ts, set(ts.checks), time.monotonic() + 10, stats=stats,
                      options=ChcOptions(quick_spacer=False))
    (outcome,) = [o for k, o in answers.items() if k[0] == "assert"]
    assert outcome.verdict == Verdict.YES
    assert stats.proved_by[outcome.key] == "polynomial"
    assert "a*b == u*x + v*y" in outcome.certificate_text
    assert set(recheck(outcome.proof_smt2, timeout_s=60).checked_by) == {"z3", "cvc5"}


def test_a_wrong_closed_form_is_not_proved():
    ts = system(CUBES.replace("x == n * n * n", "x == n * n * n + n - 1"))
    answers = run_chc(ts, set(ts.checks), time.monotonic() + 4)
    assert all(o.verdict != Verdict.YES for k, o in answers.items() if k[0] == "assert")


def test_a_wrong_sum_of_squares_is_refuted_with_a_replayed_run(tmp_path):
    source = """
        int main(void) {
            int k = __VERIFIER_nondet_int();
            __VERIFIER_assume(k >= 0 && k <= 1000);
            int x = 0, y = 0;
            while (y < k) {
                y = y + 1;
                x = x + y * y;
            }
            __VERIFIER_assert(6 * x == 2 * k * k * k + 3 * k * k - k);
            return 0;
        }
    """
    r = assert_refuted(tmp_path, source, "assert", timeout=5)
    (k,) = r.counterexample.nondet
    x = sum(i * i for i in range(1, k + 1))
    assert 0 <= k <= 1000 and 6 * x != 2 * k**3 + 3 * k**2 - k  # the run fails the assertion


def test_a_sum_of_squares_is_proved_by_verify_prove(tmp_path):
    source = """
        int main(void) {
            int k = __VERIFIER_nondet_int();
            __VERIFIER_assume(k >= 0 && k <= 1000);
            int x = 0, y = 0;
            while (y < k) {
                y = y + 1;
                x = x + y * y;
            }
            __VERIFIER_assert(6 * x == 2 * k * k * k + 3 * k * k + k);
            return 0;
        }
    """
    r = only(prove_source(tmp_path, source, check="assert", semantics="math", timeout=10), "assert")
    assert r.verdict == Verdict.YES, r.reason
    assert "6*x == y + 3*y*y + 2*y*y*y" in r.certificate.text


def test_consecution_with_a_product_is_split_on_the_branches_and_each_case_holds():
    from verifier.invariant_certificate import check, obligations

    ts = system(LCM)
    (head,) = ts.cfa.loops
    (key,) = [k for k in ts.checks if k[0] == "assert"]
    a, b, x, y, u, v = z3.Ints("a b x y u v")
    product = {head: z3.And(x * u + y * v == a * b, x >= 1, y >= 1)}
    split = [o for o in obligations(ts, product, {key}) if o.kind == "consecution"]
    assert [o.what.rsplit("(", 1)[1] for o in split] == ["case 1 of 2)", "case 2 of 2)"]
    assert all(check(o.formula, time.monotonic() + 10) is False for o in split)  # each case unsatisfiable
    linear = [o for o in obligations(ts, {head: z3.And(x >= 1, y >= 1)}, {key}) if o.kind == "consecution"]
    assert len(linear) == 1 and "case" not in linear[0].what


# ------------------------------------------------------------ degree, order of steps, minimal certificates

FIFTH_POWERS = """
    int main(void) {
        int k = __VERIFIER_nondet_int();
        __VERIFIER_assume(k >= 0);
        int x = 0, y = 0;
        while (y < k) {
            y = y + 1;
            x = x + y * y * y * y * y;
        }
        __VERIFIER_assert(12 * x == 2 * k * k * k * k * k * k + 6 * k * k * k * k * k + 5 * k * k * k * k - k * k);
        return 0;
    }
"""


def test_a_degree_six_invariant_is_fitted_over_the_variables_the_loop_changes():
    """Over x, y and k degree 6 has 84 monomials (more than MAX_MONOMIALS); over x and y, 28."""
    ts = system(FIFTH_POWERS)
    stats = ChcStats()
    answers = run_chc(ts, set(ts.checks), time.monotonic() + 10, stats=stats)
    (outcome,) = answers.values()
    assert outcome.verdict == Verdict.YES and stats.proved_by[outcome.key] == "polynomial"
    assert outcome.certificate_text == "line 5: y <= k && 12*x + y*y == 5*y*y*y*y + 6*y*y*y*y*y + 2*y*y*y*y*y*y"
    assert "z3" in recheck(outcome.proof_smt2, timeout_s=60).checked_by


def test_a_program_that_multiplies_starts_with_polynomial_guesses_not_spacer():
    ts = system(LCM)
    stats = ChcStats()
    answers = run_chc(ts, set(ts.checks), time.monotonic() + 10, stats=stats)
    assert all(o.verdict == Verdict.YES for o in answers.values())
    assert not any(step.startswith("spacer") for step in stats.seconds), stats.seconds


def test_a_bezout_certificate_keeps_only_the_equalities_the_checks_need():
    """Minimised on the linear abstraction: z3 times out on the cores of the real queries."""
    ts = system("""
        int main(void) {
            int a = __VERIFIER_nondet_int();
            int b = __VERIFIER_nondet_int();
            __VERIFIER_assume(a >= 1 && b >= 1);
            int x = a, y = b;
            int p = 1, q = 0, r = 0, s = 1;
            while (x != y) {
                if (x > y) {
                    x = x - y;
                    p = p - q;
                    r = r - s;
                } else {
                    y = y - x;
                    q = q - p;
                    s = s - r;
                }
            }
            __VERIFIER_assert(x == p * a + r * b);
            return 0;
        }
    """)
    answers = run_chc(ts, set(ts.checks), time.monotonic() + 10)
    (outcome,) = answers.values()
    assert outcome.verdict == Verdict.YES
    assert outcome.certificate_text == "line 7: a*p + b*r == x && a*q + b*s == y"
    assert recheck(outcome.proof_smt2, timeout_s=60).checked_by == ["z3", "cvc5"]


def test_equalities_survive_an_update_by_a_quotient_of_variables():
    """egcd by quotients: ``q' = p - (x/y)*q`` keeps ``a*q + b*s == y`` only as (x/y) times it."""
    ts = system("""
        int main(void) {
            int a = __VERIFIER_nondet_int();
            int b = __VERIFIER_nondet_int();
            __VERIFIER_assume(a >= 1 && b >= 1);
            int x = a, y = b;
            int p = 1, q = 0, r = 0, s = 1;
            while (y != 0) {
                int c = x / y;
                int t = x - c * y;
                int u = p - c * q;
                int v = r - c * s;
                x = y;
                y = t;
                p = q;
                q = u;
                r = s;
                s = v;
            }
            __VERIFIER_assert(x == p * a + r * b);
            return 0;
        }
    """)
    stats = ChcStats()
    answers = run_chc(ts, set(ts.checks), time.monotonic() + 10, stats=stats)
    (key,) = [k for k in ts.checks if k[0] == "assert"]
    assert answers[key].verdict == Verdict.YES and stats.proved_by[key] == "polynomial"
    assert answers[key].certificate_text == "line 7: a*p + b*r == x && a*q + b*s == y"
