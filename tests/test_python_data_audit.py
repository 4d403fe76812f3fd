"""Issue 16's audit, kept as tests: str(int), f-strings, loops over the string keys of dicts,
insert/pop corners, sorted(key=), and witnesses shown as the Python values replay called with.

Fast tier: each test proves one tiny function and checks its verdict and evidence (a no is
replayed for real; `Counterexample.arguments` holds each parameter as CPython's ``repr``).
Agreement of the lowering with CPython on generated inputs is in
`tests/test_python_data_nested.py` (``tests/programs/py_data/formatting.py``) and
`tests/test_python_data_soundness.py` (kinds ``strdict`` and ``format``).
"""

from __future__ import annotations

import ast
import io
import json

from rich.console import Console

from verifier.report import render_json, render_text
from verifier.result import Verdict

from .helpers import assert_proved, assert_refuted, assert_unknown, only, prove_source

_CHECKS = "assert,bounds,key,value,raise"


def _arguments(r) -> dict[str, object]:
    """The witness's arguments as Python values (read back from their repr)."""
    return {name: ast.literal_eval(text) for name, text in r.counterexample.arguments.items()}


# ------------------------------------------------------------ str(int) and f-strings


def test_str_of_a_negative_int_starts_with_a_minus(tmp_path):
    r = assert_refuted(tmp_path, """
        def f(x: int) -> int:
            s = str(x)
            assert s != "-7"
            return 0
        """, "assert", suffix=".py")
    assert _arguments(r) == {"x": -7}


def test_str_of_a_three_digit_number_has_three_characters(tmp_path):
    assert_proved(tmp_path, """
        def f(x: int) -> int:
            if 100 <= x <= 999:
                assert len(str(x)) == 3
            return 0
        """, "assert", suffix=".py")


def test_an_fstring_equal_to_a_literal_is_found_with_the_number_it_needs(tmp_path):
    r = assert_refuted(tmp_path, """
        def f(n: int, ok: bool) -> int:
            s = f"hi {n}{ok}"
            assert s != "hi -12False"
            return 0
        """, "assert", suffix=".py")
    assert _arguments(r) == {"n": -12, "ok": False}


def test_an_fstring_field_may_be_an_expression_and_fails_where_it_is(tmp_path):
    r = assert_refuted(tmp_path, """
        def f(xs: list[int]) -> str:
            return f"first={xs[0]}"
        """, "bounds", suffix=".py")
    assert r.location.line == 2 and _arguments(r) == {"xs": []}


def test_a_raise_with_an_fstring_message_is_refuted_with_the_message_replayed(tmp_path):
    r = assert_refuted(tmp_path, """
        def f(x: int) -> int:
            if x < 0:
                raise ValueError(f"negative: {x}")
            return x
        """, "raise", suffix=".py")
    assert "ValueError: negative: " in r.counterexample.replay


def test_an_fstring_format_spec_is_unknown_with_the_construct(tmp_path):
    assert_unknown(tmp_path, """
        def f(x: int) -> int:
            s = f"{x:>4}"
            assert len(s) >= 4
            return 0
        """, "assert", "format spec", suffix=".py")


# ------------------------------------------------------------ dicts with string keys


def test_a_loop_over_string_keys_reads_each_value_without_a_key_error(tmp_path):
    results = prove_source(tmp_path, """
        def f(d: dict[str, int]) -> int:
            for k, v in d.items():
                assert d[k] == v
            return 0
        """, suffix=".py", check=_CHECKS)
    assert [(r.check, r.verdict) for r in results] == [("assert", Verdict.YES)]


def test_a_string_key_found_by_a_loop_over_the_keys_is_shown_as_a_dict(tmp_path):
    r = assert_refuted(tmp_path, """
        def f(d: dict[str, int]) -> int:
            n = 0
            for k in d.keys():
                n += len(k)
                assert k != "ab"
            return n
        """, "assert", suffix=".py")
    assert "ab" in _arguments(r)["d"]


def test_a_value_found_by_a_loop_over_string_keys_is_replayed(tmp_path):
    r = assert_refuted(tmp_path, """
        def f(d: dict[str, int]) -> int:
            total = 0
            for k in d:
                total += d[k]
            assert total != 7
            return total
        """, "assert", suffix=".py")
    assert sum(_arguments(r)["d"].values()) == 7


def test_a_comprehension_over_string_keys_is_unknown_with_the_construct(tmp_path):
    assert_unknown(tmp_path, """
        def f(d: dict[str, int]) -> int:
            ks = [len(k) for k in d]
            assert len(ks) >= 0
            return 0
        """, "assert", "comprehension over the string keys", suffix=".py")


def test_a_lookup_under_if_key_in_dict_has_no_key_error_to_check(tmp_path):
    results = prove_source(tmp_path, """
        def f(d: dict[int, int], k: int) -> int:
            if k in d:
                d[k] += 1
                assert d.get(k, 0) == d[k]
                return d[k]
            return 0
        """, suffix=".py", check=_CHECKS)
    assert [(r.check, r.verdict) for r in results] == [("assert", Verdict.YES)]


def test_a_guard_clause_covers_later_lookups_until_a_key_may_be_removed(tmp_path):
    results = prove_source(tmp_path, """
        def f(d: dict[int, int], k: int, j: int) -> int:
            if k not in d:
                return -1
            n = d[k]
            d.pop(j, 0)
            return n + d[k]
        """, suffix=".py", check="key", timeout=20)
    assert 4 not in {r.location.line for r in results}  # d[k] before the pop needs no check
    r = only(results, "key", 6)  # the one after it does, and fails when j == k
    assert r.verdict == Verdict.NO and r.counterexample.confirmed
    args = _arguments(r)
    assert args["k"] == args["j"] and args["k"] in args["d"]


# ------------------------------------------------------------ list corners and sorted(key=)


def test_insert_past_the_end_appends_so_reading_back_at_that_index_fails(tmp_path):
    r = assert_refuted(tmp_path, """
        def f(xs: list[int], i: int) -> int:
            xs.insert(i, 5)
            return xs[i]
        """, "bounds", suffix=".py")
    args = _arguments(r)
    assert not -len(args["xs"]) - 1 <= args["i"] <= len(args["xs"])


def test_insert_at_minus_one_goes_before_the_last_item(tmp_path):
    r = assert_refuted(tmp_path, """
        def f(xs: list[int]) -> int:
            xs.insert(-1, 9)
            assert xs[-1] == 9
            return 0
        """, "assert", suffix=".py")
    assert _arguments(r)["xs"][-1] != 9


def test_pop_at_a_negative_index_takes_that_item(tmp_path):
    assert_proved(tmp_path, """
        def f(xs: list[int]) -> int:
            if len(xs) >= 2:
                a = xs[-2]
                b = xs.pop(-2)
                assert a == b and len(xs) >= 1
            return 0
        """, "assert", suffix=".py")


def test_sorted_with_a_key_function_of_the_file_is_unknown_with_the_reason(tmp_path):
    assert_unknown(tmp_path, """
        def neg(v: int) -> int:
            return -v

        def f(xs: list[int]) -> int:
            ys = sorted(xs, key=neg)
            assert len(ys) == len(xs)
            return 0
        """, "assert", "a sort key other than abs or a lambda", suffix=".py", function="f")


# ------------------------------------------------------------ witnesses as Python values


def test_a_nested_list_witness_is_shown_and_replayed_as_a_list_of_lists(tmp_path):
    r = assert_refuted(tmp_path, """
        def f(m: list[list[int]]) -> int:
            assert m[0][0] != 3
            return 0
        """, "assert", suffix=".py")
    assert r.counterexample.arguments == {"m": "[[3]]"}


def test_text_and_json_show_strings_tuples_and_none_as_cpython_does(tmp_path):
    results = prove_source(tmp_path, """
        def f(ws: list[str], t: tuple[int, int], x: int | None) -> int:
            if x is None and len(ws) == 1 and ws[0] == "ab":
                return t[0] // t[1]
            return 0
        """, suffix=".py", check="div")
    [result] = [r for r in results if r.verdict == Verdict.NO]
    arguments = json.loads(render_json(results))["results"][0]["counterexample"]["arguments"]
    assert arguments["ws"] == "['ab']" and arguments["x"] == "None"
    assert ast.literal_eval(arguments["t"])[1] == 0
    console = Console(file=io.StringIO(), width=100)
    render_text(results, console)
    text = console.file.getvalue()
    assert "['ab']" in text and "ws.flat" not in text
