"""Soundness on generated list functions: every verdict of `verify prove` agrees with CPython.

Hypothesis draws seeds that write small functions over ``xs: list[int]`` and ``i: int`` from
list operations that can fail (indexing, ``pop``, ``min``/``max``, item
assignment) mixed with ones that change the list (``append``, ``insert``,
loops), some behind guards. All of them go in one file, proved once; then
each answer is checked against real runs:

- a no: its counterexample, called for real in this process, raises the
  exception of that check at that line;
- a yes: none of a few hundred CPython calls on small lists raises that
  exception at that line.

An unknown is allowed (it claims nothing).
"""

from __future__ import annotations

import itertools
import random
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.result import Verdict

from .helpers import prove_source

#: an index expression, and a statement template per operation (`{e}` an index)
_INDICES = ["i", "0", "-1", "i - 1", "len(xs) - 1", "len(xs)", "-i"]
_STATEMENTS = [
    "a = xs[{e}]",
    "xs[{e}] = i",
    "xs.append(i)",
    "a = xs.pop()",
    "a = xs.pop({e})",
    "xs.insert({e}, 7)",
    "a = min(xs)",
    "a = max(xs) - a",
    "a = a + sum(xs[{e}:])",
    "for x in xs:\n        a += x",
    "xs = [v for v in xs if v != a]",
]
_GUARDS = ["len(xs) > 1", "i < len(xs)", "0 <= i < len(xs)", "xs", "-len(xs) <= i < len(xs)", "a in xs"]

_KINDS = {IndexError: "bounds", ValueError: "value", AssertionError: "assert"}


def _function(name: str, rng: random.Random) -> str:
    """A function of 2-4 operations (some guarded), perhaps ending in an assertion."""
    lines = [f"def {name}(xs: list[int], i: int) -> int:", "    a = 0"]
    for _ in range(rng.randint(2, 4)):
        stmt = rng.choice(_STATEMENTS).format(e=rng.choice(_INDICES))
        if rng.random() < 0.5:
            stmt = f"if {rng.choice(_GUARDS)}:\n    " + stmt.replace("\n", "\n    ")
        lines += ["    " + line for line in stmt.split("\n")]
    if rng.random() < 0.5:
        lines.append(f"    assert a != {rng.randint(-3, 3)}")
    lines.append("    return a")
    return "\n".join(lines)


def _outcome(func, xs: list[int], i: int) -> tuple[str, int] | None:
    """(check, line) of the exception a real call raises; None if it returns."""
    try:
        func(list(xs), i)
    except tuple(_KINDS) as e:
        tb = e.__traceback__
        while tb.tb_next is not None:
            tb = tb.tb_next
        return _KINDS[type(e)], tb.tb_lineno
    return None


def _inputs(seed: int) -> list[tuple[list[int], int]]:
    rng = random.Random(seed)
    small = [(list(xs), i) for n in range(3) for xs in itertools.product(range(-1, 2), repeat=n)
             for i in range(-3, 4)]
    return small + [([rng.randint(-4, 4) for _ in range(rng.randint(0, 6))], rng.randint(-7, 7))
                    for _ in range(300)]


@pytest.mark.slow
@settings(max_examples=2, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@given(st.integers(0, 2**32))
def test_verdicts_on_generated_list_functions_agree_with_cpython(tmp_path_factory, seed):
    rng = random.Random(seed)
    functions = [_function(f"f{k}", rng) for k in range(3)]
    source = "\n\n\n".join(functions) + "\n"
    tmp = tmp_path_factory.mktemp("gen")
    results = prove_source(tmp, source, suffix=".py", check="bounds,value,assert", timeout=3)
    scope: dict = {}
    exec(compile(source, "gen.py", "exec"), scope)
    runs = {name: [(xs, i, _outcome(scope[name], xs, i)) for xs, i in _inputs(len(source))]
            for name in scope if name.startswith("f")}
    for r in results:
        name = r.target.rsplit(":", 1)[1]
        where = (r.check, r.location.line)
        if r.verdict == Verdict.NO:
            inputs = r.counterexample.inputs
            assert r.counterexample.confirmed
            assert _outcome(scope[name], inputs["xs"], inputs["i"]) == where, (textwrap.indent(source, "  "), r)
        elif r.verdict == Verdict.YES:
            failing = [(xs, i) for xs, i, seen in runs[name] if seen == where]
            assert not failing, (source, where, failing[:3])
