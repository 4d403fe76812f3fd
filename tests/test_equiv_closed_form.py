"""A loop against a closed form (`equivalence.closed_form`): polynomial invariants of the loop side."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import z3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.equivalence import equiv
from verifier.equivalence.check import encode_pair
from verifier.equivalence.closed_form import closed_form_answer, loop_against_closed_form
from verifier.equivalence.targets import load_target
from verifier.result import Verdict

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "bench" / "equiv"

GAUSS_LOOP = """
    def f(n: int) -> int:
        s = 0
        i = 1
        while i <= n:
            s += i
            i += 1
        return s
    """
SQUARES_LOOP = """
    def f(n: int) -> int:
        s = 0
        i = 0
        while i < n:
            i += 1
            s += i * i
        return s
    """
SQUARES_CLOSED = """
    def g(n: int) -> int:
        if n <= 0:
            return 0
        return n * (n + 1) * (2 * n + 1) // 6
    """
PRODUCT_LOOP = """
    def f(n: int, m: int) -> int:
        p = 0
        i = 0
        while i < n:
            p += m
            i += 1
        return p
    """
PRODUCT_CLOSED = """
    def g(n: int, m: int) -> int:
        if n < 0:
            return 0
        return n * m
    """


def write(tmp_path: Path, name: str, source: str) -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(source).lstrip("\n"))
    return str(path)


def compare(tmp_path: Path, a: str, b: str, a_name: str = "a.py", b_name: str = "b.py", **options):
    return equiv(f"{write(tmp_path, a_name, a)}:f", f"{write(tmp_path, b_name, b)}:g", timeout=30, **options)[0]


def test_gauss_bench_pairs_are_proved_by_the_closed_form_engine():
    for pair, semantics in (("py_closed_form", None), ("closed_form_math_c", "math")):
        folder = PAIRS / pair
        a, b = next(folder.glob("a.*")), next(folder.glob("b.*"))
        result = equiv(f"{a}:f", f"{b}:g", semantics=semantics, timeout=10)[0]
        assert result.verdict is Verdict.YES, (pair, result.reason)
        assert result.engine == "closed-form+polynomial-invariants"
        assert "z3" in result.certificate.checked_by and len(result.certificate.checked_by) >= 2
        assert "i1 * i1 == 2 * s1 + i1" in result.certificate.text  # the polynomial invariant, printed


def test_sum_of_squares_is_proved_by_a_cubic_invariant_that_z3_rechecks(tmp_path):
    """The engine alone (the whole command waits seconds for cvc5 on the cubic obligation)."""
    a = load_target(f"{write(tmp_path, 'a.py', SQUARES_LOOP)}:f", None, str(tmp_path))
    b = load_target(f"{write(tmp_path, 'b.py', SQUARES_CLOSED)}:g", None, str(tmp_path))
    pair, notes = encode_pair(a.program, a.function, b.program, b.function)
    answer = closed_form_answer(pair, time.monotonic() + 8, False, notes)
    assert answer is not None and answer.status == "equal"
    assert "2 * i1 * i1 * i1" in answer.certificate_text and answer.termination
    for text in answer.proof_smt2:
        solver = z3.Solver()
        solver.from_string(text)
        assert solver.check() == z3.unsat, text


def test_nothing_to_do_when_both_sides_loop(tmp_path):
    a = load_target(f"{write(tmp_path, 'a.py', SQUARES_LOOP)}:f", None, str(tmp_path))
    b = load_target(f"{write(tmp_path, 'b.py', GAUSS_LOOP.replace('def f', 'def g'))}:g", None, str(tmp_path))
    pair, _ = encode_pair(a.program, a.function, b.program, b.function)
    assert loop_against_closed_form(pair) is None


def test_repeated_addition_against_a_product_is_yes(tmp_path):
    result = compare(tmp_path, PRODUCT_LOOP, PRODUCT_CLOSED)
    assert result.verdict is Verdict.YES, result.reason


UNTIL_EQUAL = """
    def f(n: int) -> int:
        s = 0
        i = 0
        while i != n:
            i += 1
            s += i
        return s
    """
GAUSS_CLOSED = """
    def g(n: int) -> int:
        return n * (n + 1) // 2
    """


def test_a_loop_that_may_run_forever_is_a_yes_only_under_partial(tmp_path):
    partial = compare(tmp_path, UNTIL_EQUAL, GAUSS_CLOSED, partial=True)
    assert partial.verdict is Verdict.YES, partial.reason
    assert partial.engine == "closed-form+polynomial-invariants"
    a = load_target(f"{write(tmp_path, 'a.py', UNTIL_EQUAL)}:f", None, str(tmp_path))
    b = load_target(f"{write(tmp_path, 'b.py', GAUSS_CLOSED)}:g", None, str(tmp_path))
    pair, notes = encode_pair(a.program, a.function, b.program, b.function)
    total = closed_form_answer(pair, time.monotonic() + 5, False, notes)  # n < 0: the loop never ends
    assert total is not None and total.status == "partial"
    assert "termination of the loop side was not decided" in total.reason and not total.proof_smt2


def test_closed_form_off_by_one_is_a_replayed_no(tmp_path):
    result = compare(tmp_path, GAUSS_LOOP, """
        def g(n: int) -> int:
            if n <= 0:
                return 0
            return n * (n - 1) // 2
        """)
    assert result.verdict is Verdict.NO
    assert result.counterexample.confirmed
    n = result.counterexample.inputs["n"]
    assert n * (n - 1) // 2 != sum(range(1, n + 1))


def test_c_closed_form_that_overflows_first_is_no_under_default_semantics(tmp_path):
    loop = """
        int f(int n) {
            int s = 0;
            for (int i = 1; i <= n; i++)
                s += i;
            return s;
        }
        """
    closed = """
        int g(int n) {
            if (n < 1)
                return 0;
            return n * (n + 1) / 2;
        }
        """
    a = load_target(f"{write(tmp_path, 'a.c', loop)}:f", None, str(tmp_path))
    b = load_target(f"{write(tmp_path, 'b.c', closed)}:g", None, str(tmp_path))
    pair, notes = encode_pair(a.program, a.function, b.program, b.function)
    assert loop_against_closed_form(pair) is not None  # the engine is asked, with the overflow checks
    assert closed_form_answer(pair, time.monotonic() + 3, False, notes) is None
    result = compare(tmp_path, loop, closed, "a.c", "b.c")
    assert result.verdict is Verdict.NO  # n*(n+1) overflows before the loop's sum does
    assert result.counterexample.confirmed
    n = result.counterexample.inputs["n"]
    assert n * (n + 1) > 2**31 - 1 >= n * (n + 1) // 2


def _run(source: str, name: str, *args: int) -> int:
    scope: dict = {}
    exec(textwrap.dedent(source), scope)  # noqa: S102 - the test's own generated source
    return scope[name](*args)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(power=st.sampled_from([1, 2]), delta=st.integers(-1, 1), low=st.integers(0, 2), strict=st.booleans(),
       guard=st.integers(0, 1), scale=st.sampled_from([1, 2]))
def test_engine_yes_answers_agree_with_real_runs(tmp_path_factory, power, delta, low, strict, guard, scale):
    """Loops summing i**power (from `low`, to n or n - 1) against Faulhaber's closed
    form, perturbed: every proof of the engine itself (before the command's own
    sampling could catch a wrong one) must agree with running both functions."""
    tmp_path = tmp_path_factory.mktemp("closed")
    loop = f"""
        def f(n: int) -> int:
            s = 0
            i = {low}
            while i {'<' if strict else '<='} n:
                s += {scale} * i{' * i' if power == 2 else ''}
                i += 1
            return s
        """
    term = "n * (n + 1) // 2" if power == 1 else "n * (n + 1) * (2 * n + 1) // 6"
    closed = f"""
        def g(n: int) -> int:
            if n < {guard}:
                return {delta}
            return {scale} * ({term}) + {delta}
        """
    a = load_target(f"{write(tmp_path, 'a.py', loop)}:f", None, str(tmp_path))
    b = load_target(f"{write(tmp_path, 'b.py', closed)}:g", None, str(tmp_path))
    pair, notes = encode_pair(a.program, a.function, b.program, b.function)
    answer = closed_form_answer(pair, time.monotonic() + 2, False, notes)
    if answer is not None and answer.status == "equal":
        for n in range(-4, 30):
            assert _run(loop, "f", n) == _run(closed, "g", n), (n, loop, closed)
