"""Soundness on generated functions over lists, strings and dicts: every verdict agrees with CPython.

Hypothesis draws seeds that write small functions over ``xs`` (a
``list[int]``, a ``str``, a ``dict[int, int]`` or a ``dict[str, int]``
walked by loops; or a ``str`` mixed with ``str(i)`` and f-strings; or a
``list[int]`` sorted with ``key=``/``reverse=`` or turned into a dict by a
dict comprehension) and ``i: int`` from
operations that can fail (indexing, ``pop``, ``min``/``max``, ``index``,
item assignment, ``del``) mixed with ones that change ``xs`` (``append``,
``insert``, concatenation, loops), some behind guards. The functions of a
kind go in one file, proved once; then each answer is checked against real
runs:

- a no: its counterexample, called for real in this process, raises the
  exception of that check at that line;
- a yes: none of a few hundred CPython calls on small values raises that
  exception at that line.

An unknown is allowed (it claims nothing).
"""

from __future__ import annotations

import ast
import random
from dataclasses import dataclass
from typing import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.digit_limit import program_limit_in_force
from verifier.result import Verdict

from .helpers import prove_source

@dataclass(frozen=True)
class _Kind:
    """How to write functions over one kind of container `xs`, and draw real inputs for it."""

    annotation: str
    indices: list[str]
    statements: list[str]
    guards: list[str]
    draw: Callable[[random.Random], object]
    from_witness: Callable[[dict], object]  # from the witness's inputs, or its `arguments` (kinds below)
    start: str = ""  # a first statement


def _text(codes: list[int]) -> str:
    return "".join(chr(c) if 0 <= c <= 0x10FFFF else "?" for c in codes)


_KINDS = {
    "list": _Kind(
        "list[int]", ["i", "0", "-1", "i - 1", "len(xs) - 1", "len(xs)", "-i"],
        ["a = xs[{e}]", "xs[{e}] = i", "xs.append(i)", "a = xs.pop()", "a = xs.pop({e})", "xs.insert({e}, 7)",
         "a = min(xs)", "a = max(xs) - a", "a = a + sum(xs[{e}:])", "for x in xs:\n        a += x",
         "xs = [v for v in xs if v != a]", "a = xs.index(i)", "xs.remove(a)"],
        ["len(xs) > 1", "i < len(xs)", "0 <= i < len(xs)", "xs", "-len(xs) <= i < len(xs)", "a in xs"],
        lambda rng: [rng.randint(-4, 4) for _ in range(rng.randint(0, 6))],
        lambda inputs: list(inputs["xs"])),
    "str": _Kind(
        "str", ["i", "0", "-1", "i - 1", "len(xs) - 1", "len(xs)"],
        ["a = ord(xs[{e}])", "a = xs.find('b')", "a = xs.index('a')", "xs = xs + 'a'", "xs = xs[{e}:]",
         "if xs.startswith('ab'):\n        a += 1", "for ch in xs:\n        if ch == 'a':\n            a += 1",
         "a = a + xs.count('a')"],
        ["len(xs) > 1", "i < len(xs)", "0 <= i < len(xs)", "xs", "'a' in xs", "xs.endswith('b')"],
        lambda rng: "".join(rng.choice("ab ") for _ in range(rng.randint(0, 5))),
        lambda inputs: _text(inputs["xs"])),
    "dict": _Kind(
        "dict[int, int]", ["i", "0", "i - 1", "a"],
        ["a = xs[{e}]", "xs[{e}] = a", "del xs[{e}]", "a = xs.pop({e}, 3)", "a = xs.get({e}, -1)",
         "for k in xs:\n        a += xs[k]", "a = a + len(xs)", "xs[{e}] += 1",
         "if {e} not in xs:\n        return a", "if {e} in xs:\n        a += xs[{e}]\n        del xs[a]"],
        ["i in xs", "0 in xs", "xs", "len(xs) > 1", "a not in xs"],
        lambda rng: {rng.randint(-2, 2): rng.randint(-3, 3) for _ in range(rng.randint(0, 4))},
        lambda inputs: dict(zip(inputs["xs.keys"], inputs["xs.values"]))),
    # a dict with string keys, walked by loops (the witness read back from the arguments CPython was called with)
    "strdict": _Kind(
        "dict[str, int]", ['"a"', '""', '"ab"'],
        ["a = xs[{e}]", "for k in xs:\n        a += xs[k]", "for k, v in xs.items():\n        if v > a:\n"
         "            a = v", "for k in xs.keys():\n        a += len(k)", "for k in xs:\n        if k == {e}:\n"
         "            a = a + xs[k] * 2", "a = a + xs.get({e}, 1)"],
        ['"a" in xs', "xs", "len(xs) > 1", "a > 0"],
        lambda rng: {rng.choice(["", "a", "b", "ab"]): rng.randint(-3, 3) for _ in range(rng.randint(0, 4))},
        lambda arguments: ast.literal_eval(arguments["xs"])),
    # sorted() and list.sort() with key= and reverse= over a list[int] `xs`
    "sortkey": _Kind(
        "list[int]", ["i", "0", "-1", "len(xs) - 1", "1"],
        ["a = xs[{e}]", "xs = sorted(xs, key=abs)", "xs = sorted(xs, key=lambda v: v % 3, reverse=True)",
         "xs.sort(key=lambda v: -v)", "xs.sort(key=lambda v: v > a, reverse=True)", "a = a - xs[-1]",
         "xs = sorted(xs, key=lambda v: xs[v])", "if xs[{e}] > a:\n        a += 1"],
        ["len(xs) > 1", "i < len(xs)", "0 <= i < len(xs)", "xs", "a in xs"],
        lambda rng: [rng.randint(-3, 3) for _ in range(rng.randint(0, 5))],
        lambda inputs: list(inputs["xs"])),
    # dict comprehensions over a list[int] `xs`, then lookups in the dict `d`
    "dictcomp": _Kind(
        "list[int]", ["i", "0", "a", "-1"],
        ["d = {{v: v * 2 for v in xs}}", "d = {{v % 3: k for k, v in enumerate(xs)}}",
         "d = {{v: a for v in xs if v > {e}}}", "a = d[{e}]", "a = a + len(d)", "a = d.get({e}, 0)",
         "for k in d:\n        a += d[k]", "d = {{k: xs[k] for k in range(i)}}"],
        ["i in d", "len(xs) > 1", "d", "0 <= i < len(xs)"],
        lambda rng: [rng.randint(-3, 3) for _ in range(rng.randint(0, 5))],
        lambda inputs: list(inputs["xs"]), "d = {v: v for v in xs}"),
    # str(int) and f-strings over a str `xs` and the int `i`
    "format": _Kind(
        "str", ["0", "-1", "1", "i", "len(t) - 1"],
        ["t = str(i)", "t = f\"<{{i}}>\"", "t = f\"{{xs}}{{i}}\"", "t = f\"{{i}}{{xs}}\"", "t = str(i < 0) + xs",
         "a = ord(t[{e}])", "a = a + len(t)", "if t.endswith(\"1\"):\n        a += 1",
         "if t == \"-1\":\n        a -= 2", "if t.startswith(\"<-\"):\n        a = len(t)"],
        ["len(t) > 2", "i > 0", "t != xs", "xs"],
        lambda rng: "".join(rng.choice("a1-") for _ in range(rng.randint(0, 3))),
        lambda arguments: ast.literal_eval(arguments["xs"]), "t = xs"),
}

#: kinds whose witness is read back from the arguments as CPython shows them (`Counterexample.arguments`)
_BY_ARGUMENTS = {"strdict", "format"}

_EXCEPTIONS = {IndexError: "bounds", KeyError: "key", ValueError: "value", AssertionError: "assert"}


def _function(name: str, kind: _Kind, rng: random.Random) -> str:
    """A function of 2-4 operations (some guarded), perhaps ending in an assertion."""
    lines = [f"def {name}(xs: {kind.annotation}, i: int) -> int:", "    a = 0"] + (["    " + kind.start]
                                                                                 if kind.start else [])
    for _ in range(rng.randint(2, 4)):
        stmt = rng.choice(kind.statements).format(e=rng.choice(kind.indices))
        if rng.random() < 0.5:
            stmt = f"if {rng.choice(kind.guards)}:\n    " + stmt.replace("\n", "\n    ")
        lines += ["    " + line for line in stmt.split("\n")]
    if rng.random() < 0.5:
        lines.append(f"    assert a != {rng.randint(-3, 3)}")
    lines.append("    return a")
    return "\n".join(lines)


def _outcome(func, xs: object, i: int) -> tuple[str, int] | None:
    """(check, line) of the exception a real call raises; None if it returns (under the program's
    limit on decimal digits, which verify lifts in this process while it encodes)."""
    try:
        with program_limit_in_force():
            func(xs.copy() if isinstance(xs, (list, dict)) else xs, i)
    except tuple(_EXCEPTIONS) as e:
        tb = e.__traceback__
        while tb.tb_next is not None:
            tb = tb.tb_next
        return _EXCEPTIONS[type(e)], tb.tb_lineno
    return None


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(_KINDS))
@settings(max_examples=1, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@given(st.integers(0, 2**32))
def test_verdicts_on_generated_functions_agree_with_cpython(tmp_path_factory, kind, seed):
    rng = random.Random(seed)
    spec = _KINDS[kind]
    functions = [_function(f"f{k}", spec, rng) for k in range(3)]
    source = "\n\n\n".join(functions) + "\n"
    tmp = tmp_path_factory.mktemp("gen")
    results = prove_source(tmp, source, suffix=".py", check="bounds,value,key,assert", timeout=3)
    scope: dict = {}
    exec(compile(source, "gen.py", "exec"), scope)
    inputs = [(spec.draw(rng), rng.randint(-3, 3)) for _ in range(300)]
    runs = {name: [(xs, i, _outcome(scope[name], xs, i)) for xs, i in inputs]
            for name in scope if name.startswith("f")}
    for r in results:
        name = r.target.rsplit(":", 1)[1]
        where = (r.check, r.location.line)
        if r.verdict == Verdict.NO:
            assert r.counterexample.confirmed
            witness = spec.from_witness(r.counterexample.arguments if kind in _BY_ARGUMENTS
                                        else r.counterexample.inputs)
            assert _outcome(scope[name], witness, r.counterexample.inputs["i"]) == where, (source, r)
        elif r.verdict == Verdict.YES:
            failing = [(xs, i) for xs, i, seen in runs[name] if seen == where]
            assert not failing, (source, where, failing[:3])
