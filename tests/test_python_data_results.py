"""Postconditions on a returned list or dict, and on a list changed in place (OLD: a copy at entry).

Each yes is run against CPython on Hypothesis-generated inputs (the function
called, its postcondition evaluated on the real result); each no is replayed.
"""

from __future__ import annotations

import functools
import importlib.util
import tempfile
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.crosscheck.replay_py import PyReplayer
from verifier.frontends.python import load_python
from verifier.result import Verdict

from .helpers import prove_source

SOURCE = '''
import icontract


def doubled(xs: list[int]) -> list[int]:
    """post: len(__return__) == len(xs)"""
    return [2 * x for x in xs]


def dropped(xs: list[int], k: int) -> list[int]:
    """post: len(__return__) == len(xs)"""
    if k > 2:
        return xs[1:]
    return xs


@icontract.snapshot(lambda stack: list(stack), name="stack")
@icontract.ensure(lambda OLD, stack: stack[:-1] == OLD.stack)
def push(stack: list[int], value: int) -> None:
    stack.append(value)


@icontract.snapshot(lambda stack: list(stack), name="stack")
@icontract.ensure(lambda OLD, stack, value: stack[1:] == OLD.stack)
def push_wrong_end(stack: list[int], value: int) -> None:
    stack.append(value)


def push_pep316(xs: list[int], v: int) -> None:
    """post: xs[:-1] == __old__.xs and xs[-1] == v"""
    xs.append(v)


@icontract.ensure(lambda result, k: len(result) == 1 and result[k] == 1)
def single(k: int) -> dict[int, int]:
    seen: dict[int, bool] = {}  # an empty display typed by its annotation
    return {k: len(seen) + 1}


@icontract.ensure(lambda result, k: result[k] == 1)
def single_wrong(k: int) -> dict[int, int]:
    if k == 7:
        return {k: 2}
    return {k: 1}
'''


@pytest.fixture(scope="module")
def by_target(tmp_path_factory) -> dict[str, list]:
    """The results of every function of `SOURCE`, by function (proved once for the module)."""
    results = prove_source(tmp_path_factory.mktemp("results"), SOURCE, suffix=".py",
                           check="postcondition,key,bounds", timeout=6)
    found: dict[str, list] = {}
    for r in results:
        found.setdefault(r.target.rsplit(":", 1)[1], []).append(r)
    return found


@functools.cache
def _namespace() -> dict:
    """The functions of `SOURCE`, imported from a file (icontract reads its lambdas' source)."""
    path = Path(tempfile.mkdtemp()) / "results_module.py"
    path.write_text(textwrap.dedent(SOURCE).lstrip("\n"))
    spec = importlib.util.spec_from_file_location("results_module", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return vars(module)


def test_postconditions_on_returned_lists_dicts_and_old_lists_are_proved(by_target):
    for name in ("doubled", "push", "push_pep316", "single"):
        posts = [r for r in by_target[name] if r.check == "postcondition"]
        assert posts, name
        assert all(r.verdict == Verdict.YES and r.certificate is not None for r in posts), \
            [(name, r.verdict, r.reason) for r in posts]


def test_false_postconditions_on_results_and_old_lists_are_refuted_and_replayed(by_target):
    scope = _namespace()
    for name in ("dropped", "push_wrong_end", "single_wrong"):
        (post,) = [r for r in by_target[name] if r.check == "postcondition"]
        assert post.verdict == Verdict.NO and post.counterexample.confirmed, (name, post.reason)
    assert by_target["dropped"][0].counterexample.inputs["k"] > 2
    assert by_target["single_wrong"][0].counterexample.inputs["k"] == 7
    # the replayed witness violates icontract's own check in CPython too
    inputs = [r for r in by_target["push_wrong_end"] if r.check == "postcondition"][0].counterexample.inputs
    try:
        scope["push_wrong_end"](list(inputs["stack"]), inputs["value"])
        raise AssertionError("expected icontract to report the postcondition")
    except Exception as e:  # noqa: BLE001 - icontract's ViolationError
        assert type(e).__name__ == "ViolationError"


@settings(max_examples=60, derandomize=True, deadline=None, database=None)
@given(xs=st.lists(st.integers(-30, 30), max_size=6), k=st.integers(-10, 10))
def test_the_proved_postconditions_hold_in_cpython(xs, k):
    scope = _namespace()  # icontract checks its own contracts on each call
    assert len(scope["doubled"](list(xs))) == len(xs)
    stack = list(xs)
    scope["push"](stack, k)
    assert stack[:-1] == xs
    scope["push_pep316"](stack, k)
    assert stack[:-2] == xs and stack[-1] == k
    assert scope["single"](k) == {k: 1}


SORTED_PRE = '''def above(xs: list[int], t: int) -> int:
    """pre: all(xs[i] <= xs[i + 1] for i in range(len(xs) - 1))"""
    assert len(xs) < 2 or xs[0] != t
    return 0
'''


def test_a_precondition_with_a_generator_expression_judges_replayed_inputs(tmp_path):
    path = tmp_path / "above.py"
    path.write_text(SORTED_PRE)
    program = load_python(path)
    fn = program.functions["above"]
    with PyReplayer(str(path), "above", types={p.name: p.type for p in fn.params},
                    facts=program.replay_facts) as replayer:
        # the generator expression reads the arguments: unsorted input is outside the precondition
        assert replayer.run({"xs": [3, 1], "t": 3}).infeasible
        failing = replayer.run({"xs": [3, 4], "t": 3})
        assert failing.matches("assert", 3), failing.describe()
        assert replayer.run({"xs": [3, 4], "t": 0}).passed
