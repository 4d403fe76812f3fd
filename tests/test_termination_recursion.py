"""Termination of recursive functions: a measure of the arguments every
recursive call decreases, with summaries of nested calls (McCarthy 91),
re-checked by z3 and cvc5; and never a yes for recursion that does not end,
checked against CPython runs."""

from __future__ import annotations

import shutil
import sys
import textwrap
import time

import pytest
import z3
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.affine import Lin
from verifier.engines.termination.linear_cases import LinearCases
from verifier.call_graph import recursive_functions
from verifier.engines.termination.recursion import rank_recursion
from verifier.frontends.c import parse_c
from verifier.frontends.python import parse_python
from verifier.result import Verdict
from verifier.terminating import termination_result


def c_answer(src: str, function: str, semantics: str = "math", timeout: float = 10.0):
    program = parse_c(textwrap.dedent(src), "t.c", semantics)
    return termination_result(program, function, timeout)


def test_countdown_recursion_terminates_with_a_rechecked_measure():
    r = c_answer("""
        int count(int n) {
            if (n <= 0) return 0;
            return count(n - 1) + 1;
        }""", "count", "bv")
    assert r.verdict == Verdict.YES, r.reason
    assert r.certificate.kind == "recursion-measure"
    assert r.certificate.text == "recursive calls of count decrease n"
    assert set(r.certificate.checked_by) == {"z3", "cvc5"}


def test_mccarthy_91_terminates_with_the_summary_of_its_inner_call():
    r = c_answer("""
        int f91(int n) {
            if (n > 100) return n - 10;
            return f91(f91(n + 11));
        }""", "f91")
    assert r.verdict == Verdict.YES, r.reason
    lines = r.certificate.text.splitlines()
    assert lines[0] == "recursive calls of f91 decrease -n + 100"
    # the outer call's argument is the inner call's result: only its summary bounds it
    assert lines[1].startswith("using the summaries: f91(n) returns only when:")
    assert "n <= f91(n) + 10" in lines[1]


def test_ackermann_terminates_lexicographically():
    r = c_answer("""
        int ack(int m, int n) {
            if (m <= 0) return n + 1;
            if (n <= 0) return ack(m - 1, 1);
            return ack(m - 1, ack(m, n - 1));
        }""", "ack")
    assert r.verdict == Verdict.YES, r.reason
    assert r.certificate.text == "recursive calls of ack decrease lexicographic (m, n)"


def test_mutual_recursion_through_division_terminates():
    r = c_answer("""
        int odd(int n);
        int even(int n) { if (n <= 0) return 1; return odd(n / 2); }
        int odd(int n) { if (n <= 0) return 0; return even(n - 1); }
        int main(void) { return even(__VERIFIER_nondet_int()); }""", "main")
    assert r.verdict == Verdict.YES, r.reason
    assert "recursive calls of even decrease" in r.certificate.text


def test_euclid_recursion_through_the_remainder_terminates():
    # C's `a % b` is encoded `a - b * q`: read as a remainder, below b when a >= 0 and b > 0
    r = c_answer("""
        int euclid(int p, int q) {
            if (q == 0) return p;
            return euclid(q, p % q);
        }
        int main(void) {
            int p = __VERIFIER_nondet_int(), q = __VERIFIER_nondet_int();
            if (p < 0 || q < 1) return 0;
            return euclid(p, q);
        }""", "main", "bv")
    assert r.verdict == Verdict.YES, r.reason
    assert r.certificate.text.splitlines()[0] == "recursive calls of euclid decrease q"
    assert set(r.certificate.checked_by) == {"z3", "cvc5"}


def test_python_euclid_recursion_terminates_and_cpython_agrees():
    source = textwrap.dedent("""
        def euclid(p: int, q: int) -> int:
            if q == 0:
                return p
            return euclid(q, p % q)

        def start(p: int, q: int) -> int:
            if p < 0 or q <= 0:
                return 0
            return euclid(p, q)
        """)
    r = termination_result(parse_python(source, "e.py"), "start", 10.0)
    assert r.verdict == Verdict.YES, r.reason
    namespace: dict = {}
    exec(source, namespace)
    for p in range(-3, 40):
        for q in range(-3, 40):
            namespace["start"](p, q)


def test_bisection_recursion_whose_overflow_checks_split_into_many_cases_terminates():
    # the no-overflow facts of `lo + (hi - lo) / 2` multiply the call's cases past the cap:
    # conjuncts that would make too many are left out (a weaker, still covering, reading)
    r = c_answer("""
        int bisect(int lo, int hi) {
            if (lo >= hi) return lo;
            int mid = lo + (hi - lo) / 2;
            if (__VERIFIER_nondet_int()) return bisect(lo, mid);
            return bisect(mid + 1, hi);
        }
        int main(void) {
            int n = __VERIFIER_nondet_int();
            if (n < 0) return 0;
            return bisect(0, n);
        }""", "main", "bv")
    assert r.verdict == Verdict.YES, r.reason
    assert r.certificate.text.startswith("recursive calls of bisect decrease ")
    assert set(r.certificate.checked_by) == {"z3", "cvc5"}


def test_a_measure_found_late_is_checked_with_the_time_left_after_the_search(monkeypatch):
    import verifier.engines.termination.recursion as recursion

    program = parse_c(textwrap.dedent("""
        int count(int n) {
            if (n <= 0) return 0;
            return count(n - 1) + 1;
        }"""), "t.c", "bv")
    seen = []
    check_with = recursion._unsat
    monkeypatch.setattr(recursion, "_unsat", lambda f, until: seen.append(until) or check_with(f, until))
    now = time.monotonic()
    found = rank_recursion(program, "count", now + 5.0, check_deadline=now + 9.0)
    assert found.measures == {"count": ["n"]}
    assert seen and all(until == now + 9.0 for until in seen)


def test_recursion_too_large_to_inline_is_unknown_within_its_time():
    # no measure (m grows on the nested call); inlining the three calls makes thousands
    # of edges, whose encoding alone used to take seconds past the deadline
    start = time.monotonic()
    r = c_answer("""
        int grow(int m, int n) {
            if (m == 0) return n + 1;
            if (n == 0) return grow(m - 1, 1);
            return grow(m + 1, grow(m, n - 1));
        }
        int main(void) {
            int m = __VERIFIER_nondet_int(), n = __VERIFIER_nondet_int();
            if (m < 0 || n < 0) return 0;
            return grow(m, n);
        }""", "main", "bv", timeout=3.0)
    assert r.verdict == Verdict.UNKNOWN
    assert r.reason.startswith("incomplete: recursive call cycle grow -> grow")
    assert time.monotonic() - start < 3.0 + 2.0


@pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is needed to replay the input for real")
def test_mutual_recursion_entered_only_with_non_negative_arguments_is_a_replayed_no():
    # tick(n) -> tock(n - 1) -> tick(n) for n >= 2: the orbit must start where main can call
    r = c_answer("""
        int tock(int n);
        int tick(int n) { if (n == 0) return 1; return tock(n - 1); }
        int tock(int n) { if (n == 0) return 0; return tick(n + 1); }
        int main(void) {
            int n = __VERIFIER_nondet_int();
            if (n < 0) return 0;
            return tick(n);
        }""", "main", "bv", timeout=10.0)
    assert r.verdict == Verdict.NO, r.reason
    assert r.counterexample.confirmed and r.counterexample.nondet[0] >= 2
    assert r.certificate.text.startswith("calls of tick with n ")


@pytest.mark.parametrize("body", [
    "if (n == 0) return 0; return f(n - 2);",      # odd and negative n never reach 0
    "if (n <= 0) return 0; return f(n);",          # the same argument again
    "if (n <= 0) return 0; return f(n + 1) - 1;",  # growing arguments
])
def test_recursion_that_may_not_end_is_never_yes(body):
    r = c_answer(f"int f(int n) {{ {body} }}", "f")
    assert r.verdict != Verdict.YES
    if r.verdict == Verdict.NO:  # a self-call whose arguments stay in a closed set, run for real
        assert r.counterexample.confirmed and r.certificate.text.startswith("calls of f with n ")


SKIP_ZERO = """
    int down2(int n) {
        if (n == 0) return 0;
        return down2(n - 2);
    }"""


@pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is needed to replay the input for real")
def test_recursion_that_skips_its_base_case_is_a_replayed_no():
    r = c_answer(SKIP_ZERO, "down2", timeout=15)
    assert r.verdict == Verdict.NO, r.reason
    assert r.certificate.kind == "recurrent-set" and set(r.certificate.checked_by) == {"z3", "cvc5"}
    n = r.counterexample.inputs["n"]
    assert n % 2 == 1 or n < 0  # really never reaches 0
    assert r.certificate.text.startswith("calls of down2 with n <= ")
    assert r.counterexample.confirmed and "still running" in r.counterexample.replay


PING_PONG = """
    int ping(int n);
    int pong(int n) { if (n == 0) return 0; return ping(n - 1); }
    int ping(int n) { if (n == 0) return 1; return pong(n - 3); }"""


def _ping_ends(n: int) -> bool:
    """ping(n) returns: some call sees 0 (ping at n - 4k, pong at n - 4k - 3)."""
    return n >= 0 and n % 4 in (0, 3)


@pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is needed to replay the input for real")
def test_mutual_recursion_that_skips_its_base_cases_is_a_replayed_no():
    r = c_answer(PING_PONG, "ping", timeout=15)
    assert r.verdict == Verdict.NO, r.reason
    assert r.certificate.kind == "recurrent-set" and set(r.certificate.checked_by) == {"z3", "cvc5"}
    assert not _ping_ends(r.counterexample.inputs["n"])
    assert r.certificate.text.startswith("calls of ping with n <= ")
    assert r.counterexample.confirmed and "still running" in r.counterexample.replay


def test_the_same_recursion_ends_under_bit_precise_integers():
    # n - 2 overflows at INT_MIN: the execution stops there (a failing check ends it)
    r = c_answer(SKIP_ZERO, "down2", "bv")
    assert r.verdict == Verdict.YES, r.reason
    assert r.certificate.text == "recursive calls of down2 decrease n + 2147483646"


def test_a_loop_in_a_recursive_function_is_left_to_the_other_engines():
    program = parse_c(textwrap.dedent("""
        int f(int n) {
            while (n > 100) n = n - 1;
            if (n <= 0) return 0;
            return f(n - 1);
        }"""), "t.c", "math")
    found = rank_recursion(program, "f", time.monotonic() + 10)
    assert not found.measures and "cannot be summarized" in found.reason


def test_call_cycles_are_found_through_several_functions():
    program = parse_c(textwrap.dedent("""
        int b(int n);
        int a(int n) { if (n <= 0) return 0; return b(n - 1); }
        int b(int n) { return a(n); }
        int c(int n) { return a(n) + 1; }"""), "t.c", "math")
    assert recursive_functions(program, "c") == [["a", "b"]]
    assert recursive_functions(program, "b") == [["a", "b"]]


def test_linear_cases_cover_the_formula_and_bound_quotients():
    x, y = z3.Ints("x y")
    reader = LinearCases()
    f = z3.And(x != 0, y == x / 2)
    cases = reader.cases(f)
    assert len(cases) == 2  # x < 0 or x > 0
    # every model of f lies in some case (over-approximation), on a grid of points
    for xv in range(-6, 7):
        for yv in range(-6, 7):
            if z3.is_true(z3.simplify(z3.substitute(f, (x, z3.IntVal(xv)), (y, z3.IntVal(yv))))):
                values = {"x": xv, "y": yv, **{n: z3.simplify(z3.substitute(t, (x, z3.IntVal(xv)))).as_long()
                                               for n, t in reader.opaque.items()}}
                assert any(all(g.value(values) >= 0 for g in case) for case in cases)


@pytest.mark.parametrize("floor", [False, True])
def test_linear_cases_read_a_remainder_by_a_variable_with_proved_bounds(floor):
    x, y = z3.Ints("x y")
    if floor:  # Python's %
        q = z3.If(y > 0, x / y, (-x) / (-y))
    else:  # C's %: the quotient truncates toward zero
        mag = z3.If(x >= 0, x, -x) / z3.If(y >= 0, y, -y)
        q = z3.If((x >= 0) == (y >= 0), mag, -mag)
    reader = LinearCases()
    cases = reader.terms(x - y * q)
    (symbol,) = reader.opaque
    assert all(value == Lin.var(symbol) for _, value in cases)
    # with y >= 1 and x >= 0 the remainder lies in [0, y - 1]
    positive = next(c for c, _ in cases if Lin.var("y") - Lin.num(1) in c[0] and Lin.var("x") in c[0])
    assert Lin.var(symbol) in positive[0] and Lin.var("y") - Lin.var(symbol) - Lin.num(1) in positive[0]
    for xv in range(-7, 8):
        for yv in range(-7, 8):
            r = z3.simplify(z3.substitute(x - y * q, (x, z3.IntVal(xv)), (y, z3.IntVal(yv)))).as_long()
            if yv != 0:
                assert r == (xv % yv if floor else int(xv - yv * int(xv / yv)))
            values = {"x": xv, "y": yv, symbol: r}
            assert any(all(g.value(values) >= 0 for g in case) for conds, _ in cases for case in conds)


# ------------------------------------------------- soundness against CPython

RECURSIVE = """
def f(n: int) -> int:
    if n {stop} {bound}:
        return 0
    return f(n {step}) + 1
"""


@settings(max_examples=8, deadline=None)
@given(st.sampled_from(["<=", ">=", "=="]), st.integers(-5, 5), st.sampled_from(["- 1", "- 2", "+ 1", "+ 3", "- 0"]))
def test_a_yes_for_recursion_means_cpython_runs_end(stop, bound, step):
    source = RECURSIVE.format(stop=stop, bound=bound, step=step)
    program = parse_python(source, "r.py")
    r = termination_result(program, "f", 3.0)
    if r.verdict != Verdict.YES:
        return
    namespace: dict = {}
    exec(source, namespace)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 2000))
    try:
        for n in range(-40, 41):
            namespace["f"](n)  # a RecursionError here is a wrong yes
    finally:
        sys.setrecursionlimit(limit)
