"""Dict comprehensions (``{k: v for x in it if c}``) and ``split`` of a constant string: verdicts and witnesses."""

from __future__ import annotations

import ast

from .helpers import assert_proved, assert_refuted, assert_unknown


def test_repeated_items_make_fewer_keys(tmp_path):
    r = assert_refuted(tmp_path, """
        def f(xs: list[int]) -> int:
            d = {x: 0 for x in xs}
            assert len(d) == len(xs)
            return 0
        """, "assert", suffix=".py", timeout=8)
    xs = r.counterexample.inputs["xs"]
    assert len(set(xs)) < len(xs)


def test_the_last_pair_of_a_repeated_key_wins(tmp_path):
    r = assert_refuted(tmp_path, """
        def f(n: int) -> int:
            d = {i % 2: i for i in range(n)}
            if n > 1:
                assert d[0] == 0
            return 0
        """, "assert", suffix=".py", timeout=8)
    n = r.counterexample.inputs["n"]
    assert {i % 2: i for i in range(n)}[0] != 0


def test_lookup_of_a_missing_key_is_a_key_error(tmp_path):
    r = assert_refuted(tmp_path, """
        def f(xs: list[int], i: int) -> int:
            d = {x: x * x for x in xs if x > 0}
            return d[i]
        """, "key", suffix=".py", timeout=8)
    inputs = r.counterexample.inputs
    assert inputs["i"] not in {x: x * x for x in inputs["xs"] if x > 0}


def test_a_key_expression_runs_only_for_the_items(tmp_path):
    assert_proved(tmp_path, """
        def f(xs: list[int]) -> int:
            d = {xs[0]: x for x in xs}
            return len(d)
        """, "bounds", suffix=".py", timeout=20)


def test_a_comprehension_has_no_more_keys_than_items(tmp_path):
    assert_proved(tmp_path, """
        def f(xs: list[int]) -> int:
            d = {x: 1 for x in xs}
            assert len(d) <= len(xs)
            return 0
        """, "assert", suffix=".py", timeout=30)


def test_string_keys_from_a_list_of_strings(tmp_path):
    r = assert_refuted(tmp_path, """
        def f(ws: list[str]) -> int:
            d = {w: len(w) for w in ws}
            return d["ab"]
        """, "key", suffix=".py", timeout=8)
    assert "ab" not in ast.literal_eval(r.counterexample.arguments["ws"])


def test_a_comprehension_over_a_string_keyed_dict_is_unknown(tmp_path):
    assert_unknown(tmp_path, """
        def f(d: dict[str, int]) -> int:
            e = {k: v * 2 for k, v in d.items()}
            assert len(e) >= 0
            return 0
        """, "assert", "a comprehension over the string keys of a dict", suffix=".py")


def test_whitespace_split_of_a_constant_is_proved(tmp_path):
    assert_proved(tmp_path, """
        def f() -> int:
            parts = " a b  c ".split()
            assert len(parts) == 3 and parts[2] == "c"
            return 0
        """, "assert", suffix=".py", timeout=20)


def test_maxsplit_of_a_constant_unpacks(tmp_path):
    assert_proved(tmp_path, """
        def f() -> int:
            parts = "k=v=w".split("=", 1)
            assert len(parts) == 2 and parts[1] == "v=w"
            return 0
        """, "assert", suffix=".py", timeout=20)


def test_indexing_past_a_constant_split_is_an_index_error(tmp_path):
    r = assert_refuted(tmp_path, """
        def f() -> int:
            parts = "a,b".split(",")
            return len(parts[2])
        """, "bounds", suffix=".py", timeout=8)
    assert r.location.line == 3


def test_a_string_valued_dict_comprehension_is_unknown_naming_the_value(tmp_path):
    r = assert_unknown(tmp_path, """
        def f(ws: list[str]) -> int:
            d = {w: w for w in ws}
            assert len(d) >= 0
            return 0
        """, "assert", "a dict value that is a string or a list", suffix=".py")
    assert (r.location.line, r.location.column) == (2, 13)


def test_an_annotated_local_dict_of_lists_of_strings_is_unknown_naming_its_type(tmp_path):
    r = assert_unknown(tmp_path, """
        def f(ws: list[str]) -> int:
            d: dict[str, list[str]] = {}
            assert len(d) == 0
            return 0
        """, "assert", "local 'd' has type 'dict[str, list[str]]'", suffix=".py")
    assert r.location.line == 2
