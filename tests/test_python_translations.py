"""Python translations of competition tasks: ``str.islower``/``str.isupper`` and dicts first seen
empty whose keys are strings (``counts = {}`` then ``counts[c] = counts.get(c, 0) + 1``).

Fast tier. Each function below runs under CPython and through the lowered IR
(`verifier.interpret.run_cfa`) on Hypothesis-generated strings, and must do the same.
"""

from __future__ import annotations

import functools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.cfa import build_cfa
from verifier.frontends.python import parse_python
from verifier.frontends.python_module import ModuleLowerer
from verifier.frontends.python_parse import parse_tree
from verifier.frontends.python_types import STR, DictOf
from verifier.ir import MATH_INT

from .python_runs import cpython_outcome, ir_outcome


CASES = """
def whole(s: str) -> int:
    return int(s.islower()) + 2 * int(s.isupper())


def each(s: str) -> int:
    n = 0
    for c in s:
        if c.islower():
            n += 1
        elif c.isupper():
            n += 10
    return n


def tally(s: str) -> int:
    counts = {}
    for c in s:
        counts[c] = counts.get(c, 0) + 1
    first = {}
    for i in range(len(s)):
        if s[i] not in first:
            first[s[i]] = i
    return len(counts) * 100 + counts.get("a", 0) * 10 + first.get("b", -1)


def missing(s: str) -> int:
    seen = {}
    for c in s:
        seen[c] = 1
    return seen["x"]
"""


@pytest.mark.parametrize("name", ["whole", "each", "tally", "missing"])
@settings(max_examples=30, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(st.sampled_from("abxZ1 _\u01c5\u00df\u0345\u1f88\u03a3\u02b0\u2160\u24d0") | st.characters(),
                    max_size=5))
def test_case_tests_and_string_keyed_dicts_behave_like_cpython(name, text):
    cfa, func = _case_functions()[name]
    assert ir_outcome(cfa, {"s": [ord(c) for c in text]}) == cpython_outcome(func, {"s": text})


@functools.cache
def _case_functions() -> dict:
    """Each function of `CASES`: (its automaton, the CPython function)."""
    program = parse_python(CASES, "cases.py")
    namespace: dict = {}
    exec(CASES, namespace)
    return {name: (build_cfa(program, name), namespace[name]) for name in program.functions
            if not program.functions[name].unsupported}


def test_a_dict_first_seen_empty_takes_its_keys_type():
    source = "def f(s: str, n: int) -> int:\n    a = {}\n    b = {}\n    for c in s:\n        a[c] = 1\n" \
             "    b[n] = 1\n    return len(a) + len(b)\n"
    fn = parse_python(source, "t.py").functions["f"]
    assert not fn.unsupported, fn.unsupported
    types = _local_types(source)
    assert types["a"] == DictOf(STR, MATH_INT) and types["b"] == DictOf(MATH_INT, MATH_INT)


def _local_types(source: str) -> dict:
    """The source types of the locals of `f` in `source`."""
    module = ModuleLowerer(source, "t.py")
    module.lower(parse_tree(source, "t.py"))
    return module.functions["f"].source_types


@pytest.mark.parametrize("body, supported", [
    ("    if x > 0:\n        return x\n", False),  # h(0) is None: `y >= 0 or y < 0` raises TypeError
    ("    while x > 0:\n        return x\n", False),
    ("    while True:\n        if x > 5:\n            break\n        if x == 3:\n            return x\n"
     "        x += 1\n", False),
    ("    try:\n        return 10 // x\n    except ZeroDivisionError:\n        pass\n", False),
    ("    if x > 0:\n        return x\n    else:\n        return -x\n", True),
    ("    if x > 0:\n        return x\n    elif x < 0:\n        return -x\n    raise ValueError('zero')\n", True),
    ("    while True:\n        for i in range(3):\n            break\n        return x\n", True),
    ("    if x > 0:\n        return x\n    assert False\n", True),
], ids=["if without else", "while", "while true with break", "handler passes", "if else", "raise at the end",
        "inner loop's break", "assert False at the end"])
def test_the_value_of_a_call_that_may_end_without_a_return_is_unsupported(body, supported):
    source = f"def h(x: int) -> int:\n{body}\n\ndef main(x: int) -> int:\n    y = h(x)\n" \
             "    assert y >= 0 or y < 0\n    return 0\n"
    fn = parse_python(source, "t.py").functions["main"]
    assert (not fn.unsupported) == supported, fn.unsupported
    if not supported:
        assert "which may end without a return" in fn.unsupported
