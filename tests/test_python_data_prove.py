"""`verify prove` on Python functions over lists: verdicts, replayed witnesses, exploration.

Each no must come with a counterexample that a real CPython call reproduces
(the same exception at the same line); each yes with a re-checked certificate.
"""

from __future__ import annotations

import textwrap

from verifier import ir
from verifier.arrays import ArrayValue
from verifier.crosscheck.replay_py import PyReplayer, python_arguments

from verifier.result import Verdict

from .helpers import assert_proved, assert_refuted, only, prove_source


def refuted_at(tmp_path, source: str, check: str, line: int):
    """The confirmed no of `check` at `line` (other checks of that kind may answer otherwise)."""
    r = only(prove_source(tmp_path, source, suffix=".py", check=check, timeout=6), check, line)
    assert r.verdict == Verdict.NO, (r.verdict, r.reason)
    assert r.counterexample is not None and r.counterexample.confirmed
    return r


SEARCH = """
def search(xs: list[int], target: int) -> int:
    lo, hi = 0, len(xs)
    while lo <= hi:
        mid = (lo + hi) // 2
        if xs[mid] == target:
            return mid
        if xs[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1
"""


def _raised(source: str, name: str, inputs: dict) -> type | None:
    """The exception class a real CPython call of `name` raises on `inputs` (None: none)."""
    scope: dict = {}
    exec(textwrap.dedent(source), scope)
    try:
        scope[name](**{k: list(v) if isinstance(v, list) else v for k, v in inputs.items()})
    except Exception as e:  # noqa: BLE001 - the class is the answer
        return type(e)
    return None


def test_off_by_one_binary_search_indexes_past_the_end(tmp_path):
    r = refuted_at(tmp_path, SEARCH, "bounds", 5)
    inputs = r.counterexample.inputs
    assert isinstance(inputs["xs"], list) and "xs#len" not in inputs
    assert "IndexError" in r.counterexample.replay
    assert _raised(SEARCH, "search", inputs) is IndexError


def test_mean_of_an_empty_list_divides_by_zero(tmp_path):
    r = assert_refuted(tmp_path, """
        def mean(xs: list[int]) -> int:
            return sum(xs) // len(xs)
        """, "div", suffix=".py")
    assert r.counterexample.inputs == {"xs": []}


def test_min_of_an_empty_list_is_a_value_error(tmp_path):
    r = assert_refuted(tmp_path, """
        def lowest(xs: list[int]) -> int:
            return min(xs)
        """, "value", suffix=".py")
    assert r.counterexample.inputs == {"xs": []} and "ValueError" in r.counterexample.replay


def test_a_guarded_index_is_proved(tmp_path):
    assert_proved(tmp_path, """
        def first_or(xs: list[int], d: int) -> int:
            if len(xs) > 0:
                return xs[0]
            return d
        """, "bounds", suffix=".py")


def test_a_counting_loop_is_proved_with_an_invariant(tmp_path):
    r = assert_proved(tmp_path, """
        def positives(xs: list[int]) -> int:
            n = 0
            for x in xs:
                if x > 0:
                    n += 1
            assert n <= len(xs)
            return n
        """, "assert", suffix=".py")
    assert r.certificate.kind == "invariant"


def test_negative_index_past_the_start_is_found(tmp_path):
    r = assert_refuted(tmp_path, """
        def second_last(xs: list[int]) -> int:
            return xs[-2]
        """, "bounds", suffix=".py")
    assert len(r.counterexample.inputs["xs"]) < 2


def test_pop_from_an_empty_list_after_appends_is_found(tmp_path):
    r = refuted_at(tmp_path, """
        def drain(xs: list[int], n: int) -> int:
            for i in range(n):
                xs.append(i)
            xs.pop()
            return xs.pop()
        """, "bounds", 5)
    inputs = r.counterexample.inputs
    assert len(inputs["xs"]) + max(inputs["n"], 0) == 1


def test_assertion_about_a_comprehension_is_refuted_with_a_list(tmp_path):
    r = assert_refuted(tmp_path, """
        def doubled(xs: list[int]) -> int:
            ys = [2 * x for x in xs if x != 3]
            assert len(ys) == len(xs)
            return len(ys)
        """, "assert", suffix=".py")
    assert 3 in r.counterexample.inputs["xs"]


def test_list_bool_parameters_replay_as_bools(tmp_path):
    r = assert_refuted(tmp_path, """
        def check(flags: list[bool]) -> int:
            n = 0
            for b in flags:
                if b:
                    n += 1
            assert n < 2
            return n
        """, "assert", suffix=".py")
    assert sum(r.counterexample.inputs["flags"]) >= 2


def test_other_functions_of_a_file_with_an_unsupported_one_are_answered(tmp_path):
    results = prove_source(tmp_path, """
        def uses_dict(d: dict[str, list[str]]) -> int:
            return len(d["a"])

        def fine(xs: list[int]) -> int:
            if xs:
                return xs[-1]
            return 0
        """, suffix=".py", check="bounds")
    by_target = {r.target.rsplit(":", 1)[1]: r for r in results}
    assert by_target["uses_dict"].verdict.value == "unknown"
    assert "dict[str, list[str]]" in by_target["uses_dict"].reason
    assert by_target["fine"].verdict.value == "yes"


def test_python_arguments_cut_arrays_to_their_length_and_make_bools(tmp_path):
    types = {"xs": ir.ArrayType(ir.MATH_INT, index=ir.MATH_INT), "xs#len": ir.MATH_INT,
             "bs": ir.ArrayType(ir.BOOL, index=ir.MATH_INT), "n": ir.MATH_INT}
    args = python_arguments({"xs": ArrayValue.of_list([4, 5, 6]), "xs#len": 2, "bs": [1, 0], "n": 3}, types)
    assert args == {"xs": [4, 5], "bs": [True, False], "n": 3}


def test_replay_passes_lists_and_tuples_for_real(tmp_path):
    path = tmp_path / "m.py"
    path.write_text("def f(xs: list[int], t: tuple[int, ...]) -> int:\n"
                    "    assert isinstance(t, tuple) and isinstance(xs, list)\n"
                    "    return xs[len(t)]\n")
    with PyReplayer(str(path), "f") as replayer:
        ok = replayer.run({"xs": [1, 2, 3], "t": [9]})
        bad = replayer.run({"xs": [1], "t": [9, 9]})
    assert ok.passed
    assert (bad.kind, bad.line) == ("bounds", 3) and "IndexError" in bad.detail


def test_exploring_near_a_list_witness_moves_its_elements_and_length():
    from verifier.crosscheck.explore import explore_near
    from verifier.crosscheck.observation import Observation

    seen: list[list[int]] = []

    def run(params: dict, nondet: list) -> Observation:
        seen.append(params["xs"])
        return Observation("bounds", 1) if len(params["xs"]) < 2 else Observation(None)

    types = {"xs": ir.ArrayType(ir.MATH_INT, index=ir.MATH_INT), "xs#len": ir.MATH_INT}
    counts = explore_near(run, {"xs": [5, 7, 9]}, [], types, lambda o: o.kind == "bounds", max_examples=30,
                          deadline_s=5.0)
    assert counts["tried"] == len(seen) > 5 and [5, 7, 9] not in seen
    assert {len(xs) for xs in seen} >= {2, 3, 4}  # dropped, moved and appended elements
    assert counts["failing"] == sum(1 for xs in seen if len(xs) < 2)


def test_tuple_and_optional_witnesses_replay_as_tuples_and_none(tmp_path):
    results = prove_source(tmp_path, """
        from typing import Optional

        def pick(t: tuple[int, int], i: int) -> int:
            return t[i]

        def incr(x: Optional[int], k: int) -> int:
            if x is None:
                assert k != 2
                return 0
            return x + 1
        """, suffix=".py", check="bounds,assert")
    by_target = {r.target.rsplit(":", 1)[1]: r for r in results}
    pick, incr = by_target["pick"], by_target["incr"]
    assert pick.verdict == Verdict.NO and pick.counterexample.confirmed
    assert not -2 <= pick.counterexample.inputs["i"] < 2
    assert incr.verdict == Verdict.NO and incr.counterexample.confirmed
    assert incr.counterexample.inputs["x.none"] and incr.counterexample.inputs["k"] == 2


def test_a_missing_dict_key_is_a_key_error_replayed_with_a_real_dict(tmp_path):
    source = """
        def lookup(d: dict[int, int], k: int) -> int:
            if k in d:
                return 0
            return d[k + 1]
        """
    r = refuted_at(tmp_path, source, "key", 4)
    inputs = r.counterexample.inputs
    d = dict(zip(inputs["d.keys"], inputs["d.values"]))
    assert k_plus_one_missing(d, inputs["k"]) and "KeyError" in r.counterexample.replay
    assert _raised(source, "lookup", {"d": d, "k": inputs["k"]}) is KeyError


def k_plus_one_missing(d: dict, k: int) -> bool:
    return k not in d and k + 1 not in d


def test_replay_rebuilds_a_dict_from_its_keys_and_values(tmp_path):
    path = tmp_path / "m.py"
    path.write_text("def f(d: dict[int, bool]) -> int:\n    assert d != {3: True, -1: False}\n    return len(d)\n")
    types = {"d.keys": ir.ArrayType(ir.MATH_INT, index=ir.MATH_INT), "d.keys#len": ir.MATH_INT,
             "d.values": ir.ArrayType(ir.BOOL, index=ir.MATH_INT), "d.values#len": ir.MATH_INT}
    with PyReplayer(str(path), "f", types=types) as replayer:
        bad = replayer.run({"d.keys": [3, -1], "d.values": [1, 0]})
        fine = replayer.run({"d.keys": [3], "d.values": [1]})
    assert (bad.kind, bad.line) == ("assert", 2) and fine.passed


def test_a_list_loop_that_never_ends_is_replayed_for_real(tmp_path):
    from verifier import terminates

    path = tmp_path / "spin.py"
    path.write_text("def spin(xs: list[int]) -> int:\n    i = 0\n    while i < len(xs):\n"
                    "        if xs[i] > 0:\n            i += 1\n    return i\n")
    (r,) = terminates(str(path), "spin", timeout=10)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed, r.reason
    assert any(x <= 0 for x in r.counterexample.inputs["xs"])
    assert "still running" in r.counterexample.replay
