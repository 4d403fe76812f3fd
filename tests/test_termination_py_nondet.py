"""``verify terminates`` on Python mains that draw values (``random.randint``, ``int(input())``):
the replay of a non-terminating input feeds the drawn values in call order, the last period of
them again and again, and every verdict agrees with CPython on the same (or Hypothesis-drawn) values.

- a no: CPython fed the witness's values (its last `period` ones repeated) is still running
  after `_LINES` line events;
- a yes: CPython fed values Hypothesis draws within each call's range always ends.
"""

from __future__ import annotations

import builtins
import itertools
import random
import sys
import textwrap
from contextlib import contextmanager
from typing import Callable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.frontends.python import parse_python
from verifier.terminating import prove_termination

#: line events after which a CPython run counts as still running
_LINES = 20_000

MAINS = textwrap.dedent("""\
    import random
    from random import randint


    def walk() -> int:
        x = random.randint(-5, 5)
        while x != 0:
            d = random.randint(0, 2)
            x = x + d
        return x


    def down() -> int:
        x = randint(0, 100)
        while x > 0:
            x = x - randint(1, 3)
        return x
    """)


class _Running(Exception):
    """The run passed `_LINES` line events."""


class _OutOfValues(Exception):
    """The run drew more values than it was given, or one outside randint's range."""


@contextmanager
def _drawing(values: Iterator[int] | Callable[[int, int], int]) -> Iterator[None]:
    """``random.randint`` and ``input()`` return `values` in turn (a callable: draws in ``[a, b]``)."""
    def randint(a: int, b: int) -> int:
        v = values(a, b) if callable(values) else next(values, None)
        if v is None or not a <= v <= b:
            raise _OutOfValues
        return v

    def read(prompt: str = "") -> str:
        v = values(-3, 3) if callable(values) else next(values, None)
        if v is None:
            raise _OutOfValues
        return str(v)
    saved = builtins.input, random.randint
    builtins.input, random.randint = read, randint
    try:
        yield
    finally:
        builtins.input, random.randint = saved


def _runs_on(scope: dict, name: str, values: Iterator[int] | Callable[[int, int], int]) -> str:
    """'ended', 'running' (past `_LINES` line events) or 'infeasible' for `name` of `scope` fed `values`."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
            if count > _LINES:
                raise _Running
        return tracer
    with _drawing(values):
        scope["randint"] = random.randint
        sys.settrace(tracer)
        try:
            scope[name]()
        except _Running:
            return "running"
        except _OutOfValues:
            return "infeasible"
        finally:
            sys.settrace(None)
    return "ended"


def _witness_values(nondet: list[int], period: int) -> Iterator[int]:
    return itertools.chain(nondet, itertools.cycle(nondet[-period:])) if period else iter(nondet)


def test_a_drawn_walk_that_never_ends_is_replayed_with_its_values_in_call_order():
    program = parse_python(MAINS, "mains.py")
    scope: dict = {}
    exec(compile(MAINS, "mains.py", "exec"), scope)
    answer = prove_termination(program, "walk", timeout=30)
    assert answer.verdict == "no" and answer.confirmed, answer.reason
    assert "still running" in answer.replay and answer.period > 0
    assert [s.line for s in answer.nondet_sources][:2] == [6, 8]
    assert _runs_on(scope, "walk", _witness_values(answer.nondet, answer.period)) == "running"
    answer = prove_termination(program, "down", timeout=30)
    assert answer.verdict == "yes", answer.reason


# ------------------------------------------------------------ generated mains against CPython

_DRAWS = ["randint(0, 2)", "randint(-1, 1)", "random.randint(1, 3)", "int(input())"]
_CONDITIONS = ["x > 0", "x != 0", "x < 4", "x > y"]
_UPDATES = ["x = x - {d}", "x = x + {d}", "x = x - {d} - 1", "x = x - 1", "y = {d}",
            "if {d} > 0:\n            x = x - 1", "x = x + y", "y = y + 1"]


def _main(rng: random.Random, k: int) -> str:
    lines = [f"def main{k}() -> int:", f"    x = {rng.choice(_DRAWS)}", f"    y = {rng.choice(_DRAWS)}",
             f"    while {rng.choice(_CONDITIONS)}:"]
    for _ in range(rng.randint(1, 2)):
        lines.append("        " + rng.choice(_UPDATES).format(d=rng.choice(_DRAWS)))
    return "\n".join(lines + ["    return x"])


@pytest.mark.slow
@settings(max_examples=1, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.integers(0, 2**32), st.lists(st.integers(0, 2**32), min_size=30, max_size=30))
def test_termination_verdicts_on_generated_mains_agree_with_cpython(seed, streams):
    rng = random.Random(seed)
    source = "import random\nfrom random import randint\n\n\n" + "\n\n\n".join(_main(rng, k) for k in range(3)) + "\n"
    program = parse_python(source, "gen.py")
    scope: dict = {}
    exec(compile(source, "gen.py", "exec"), scope)
    for name in sorted(program.functions):
        answer = prove_termination(program, name, timeout=6)
        if answer.verdict == "no":
            assert answer.confirmed
            assert _runs_on(scope, name, _witness_values(answer.nondet, answer.period)) == "running", (source, name)
        elif answer.verdict == "yes":
            for stream in streams:
                draw = random.Random(stream)
                assert _runs_on(scope, name, lambda a, b: draw.randint(a, b)) == "ended", (source, name, stream)
