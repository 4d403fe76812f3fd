"""`verify prove` on Python functions: Python's own semantics, witnesses replayed by calling the function."""

from __future__ import annotations

from verifier.result import Verdict

from .helpers import assert_proved, assert_refuted, only, prove_source


def test_floor_division_of_negatives_differs_from_c(tmp_path):
    r = assert_refuted(tmp_path, """
        def halve(x):
            assert isinstance(x, int)
            assert -(x // 2) == (-x) // 2
        """, "assert", suffix=".py")
    assert r.counterexample.inputs["x"] % 2 == 1
    assert "python" in r.counterexample.replay


def test_python_remainder_is_never_negative(tmp_path):
    assert_proved(tmp_path, """
        def rem(x):
            r = x % 7
            assert 0 <= r < 7
        """, "assert", suffix=".py")


def test_zero_division_is_a_checked_error(tmp_path):
    r = assert_refuted(tmp_path, """
        from verifier import assume

        def mean(total, n):
            assume(n >= 0)
            return total // n
        """, "div", suffix=".py")
    assert r.counterexample.inputs["n"] == 0


def test_assume_restricts_inputs(tmp_path):
    assert_proved(tmp_path, """
        from verifier import assume

        def mean(total, n):
            assume(n > 0)
            return total // n
        """, "div", suffix=".py")


def test_unbounded_ints_do_not_overflow(tmp_path):
    results = prove_source(tmp_path, """
        def grow(x):
            if x > 0:
                assert x + 1 > x
        """, suffix=".py")
    assert {r.check for r in results} == {"assert"}
    assert only(results, "assert").verdict == Verdict.YES


def test_for_range_with_negative_step(tmp_path):
    r = assert_refuted(tmp_path, """
        def countdown(n):
            total = 0
            for i in range(n, 0, -1):
                total += 1
            assert total != 3
        """, "assert", suffix=".py")
    assert r.counterexample.inputs == {"n": 3}


def test_calls_between_functions_of_the_file(tmp_path):
    r = assert_refuted(tmp_path, """
        def square(v):
            return v * v

        def check(a):
            assert square(a) != 49
        """, "assert", suffix=".py", function="check")
    assert r.counterexample.inputs["a"] in (7, -7)


def test_unsupported_construct_is_unknown_for_that_function_only(tmp_path):
    results = prove_source(tmp_path, """
        def uses_list(x):
            items = {x, x}
            assert x == x

        def fine(x):
            assert x * 0 == 0
        """, suffix=".py")
    by_target = {r.target.rsplit(":", 1)[1]: r for r in results}
    assert by_target["uses_list"].verdict == Verdict.UNKNOWN
    assert by_target["uses_list"].reason.startswith("unsupported:")
    assert by_target["fine"].verdict == Verdict.YES
