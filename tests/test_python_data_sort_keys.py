"""``sorted``/``list.sort`` with ``key=`` and ``reverse=``: verdicts, witnesses, and the model against CPython.

The model is checked against CPython's sort on Hypothesis-drawn constant lists:
a function asserting that the sorted list is *not* CPython's result must be
refuted with a witness replayed in CPython, so the model (deterministic on a
constant list) reaches exactly CPython's list, equal keys in their order.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.result import Verdict

from .helpers import assert_proved, assert_refuted, assert_unknown, prove_source

#: key functions as written in the source, and the same function for CPython
_KEYS = {"abs": abs, "lambda v: v % 3": lambda v: v % 3, "lambda v: -v": lambda v: -v,
         "lambda v: v > 0": lambda v: v > 0, "lambda v: v // 2": lambda v: v // 2}


def test_reverse_sort_by_abs_keeps_equal_keys_in_order(tmp_path):
    r = assert_refuted(tmp_path, """
        def f(xs: list[int]) -> int:
            ys = sorted(xs, key=abs, reverse=True)
            if len(ys) > 1:
                assert ys[0] != -ys[1]
            return 0
        """, "assert", suffix=".py", timeout=8)
    xs = r.counterexample.inputs["xs"]
    ys = sorted(xs, key=abs, reverse=True)
    assert len(ys) > 1 and ys[0] == -ys[1] != 0


def test_sort_in_place_with_lambda_key_is_refuted_with_the_unsorted_pair(tmp_path):
    r = assert_refuted(tmp_path, """
        def f(xs: list[int]) -> int:
            xs.sort(key=abs)
            if len(xs) > 1:
                assert xs[0] <= xs[1]
            return 0
        """, "assert", suffix=".py", timeout=8)
    xs = sorted(r.counterexample.inputs["xs"], key=abs)
    assert xs[0] > xs[1]


def test_reverse_sort_without_key_is_proved_descending(tmp_path):
    assert_proved(tmp_path, """
        def f(xs: list[int]) -> int:
            ys = sorted(xs, reverse=True)
            if len(ys) > 1:
                assert ys[0] >= ys[1]
            return 0
        """, "assert", suffix=".py", timeout=20)


def test_a_key_that_indexes_raises_index_error_on_a_witness(tmp_path):
    r = assert_refuted(tmp_path, """
        def f(xs: list[int]) -> int:
            ys = sorted(xs, key=lambda v: xs[v])
            return len(ys)
        """, "bounds", suffix=".py", timeout=8)
    xs = r.counterexample.inputs["xs"]
    assert any(not -len(xs) <= v < len(xs) for v in xs)


def test_a_key_reading_the_list_sort_changes_is_unknown(tmp_path):
    assert_unknown(tmp_path, """
        def f(xs: list[int]) -> int:
            xs.sort(key=lambda v: len(xs))
            assert len(xs) >= 0
            return 0
        """, "assert", "a sort key that reads 'xs'", suffix=".py")


def test_a_tuple_key_is_unknown_with_its_line(tmp_path):
    r = assert_unknown(tmp_path, """
        def f(xs: list[int]) -> int:
            ys = sorted(xs, key=lambda v: (v, -v))
            assert len(ys) >= 0
            return 0
        """, "assert", "tuple", suffix=".py")
    assert "line 2" in r.reason or r.location.line == 2


def _literal_sort(xs: list[int], key: str, reverse: bool, in_place: bool) -> list[str]:
    if in_place:
        return [f"    ys = {xs!r}", f"    ys.sort(key={key}, reverse={reverse})"]
    return [f"    ys = sorted({xs!r}, key={key}, reverse={reverse})"]


def _equal_to(expected: list[int]) -> str:
    return " and ".join([f"len(ys) == {len(expected)}"] + [f"ys[{k}] == {v}" for k, v in enumerate(expected)])


@settings(max_examples=2, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.lists(st.integers(-4, 4), max_size=5), st.sampled_from(sorted(_KEYS)), st.booleans(),
                          st.booleans()), min_size=3, max_size=3))
def test_sort_model_reaches_cpythons_list(tmp_path_factory, cases):
    lines = []
    for k, (xs, key, reverse, in_place) in enumerate(cases):
        expected = sorted(xs, key=_KEYS[key], reverse=reverse)
        lines += [f"def differs{k}() -> int:"] + _literal_sort(xs, key, reverse, in_place)
        lines += [f"    assert not ({_equal_to(expected)})", "    return 0", ""]
    source = "\n".join(lines)
    results = prove_source(tmp_path_factory.mktemp("sort"), source, suffix=".py", check="assert", timeout=10)
    assert len(results) == len(cases)
    for r in results:
        assert r.verdict == Verdict.NO and r.counterexample.confirmed, (source, r.target, r.verdict, r.reason)
