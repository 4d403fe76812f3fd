"""Python translations of competition tasks: cells of a list of lists (``g[i][j] = v``) and nested
helper functions inlined at their calls (`python_local_functions`).

Fast tier. The differential test runs every function of
`tests/programs/py_competition/cells_and_helpers.py` under CPython and through the lowered IR
(`verifier.interpret.run_cfa`) on Hypothesis-generated ints and demands the same outcome; the
other tests pin the constructs that stay unsupported (where the model would differ from CPython)
and the verdicts of two small programs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.frontends.python import load_python, parse_python
from verifier.result import Verdict

from .helpers import prove_source
from .python_runs import agrees_with_cpython

PROGRAM = Path(__file__).parent / "programs" / "py_competition" / "cells_and_helpers.py"
_CASES = sorted(load_python(PROGRAM).functions)


@pytest.mark.parametrize("name", _CASES)
@settings(max_examples=30, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_lowered_cells_and_helpers_behave_like_cpython(name, data):
    agrees_with_cpython(PROGRAM, name, data, -2, 4)


@pytest.mark.parametrize("source, message", [
    # items CPython shares, which the model would copy
    ("def f(n: int) -> int:\n    g = [[0] * 2]\n    g.append(g[0])\n    g[0][0] = 5\n    return g[1][0]\n",
     "'g' is given a list that is not a fresh display"),
    ("def f(n: int) -> int:\n    r = [0, 0]\n    g = [r, r]\n    g[0][0] = 5\n    return g[1][0]\n",
     "'g' is assigned a list that may share them"),
    ("def f(g: list[list[int]]) -> int:\n    g[0][0] = 5\n    return 0\n", "'g' is a parameter"),
    ("def f(n: int) -> int:\n    g = [[0] * 2 for _ in range(2)]\n    for row in g:\n        row[0] = 1\n"
     "    return g[0][0]\n", "'row' and 'g' share a list"),
    ("def f(g: list[list[int]]) -> int:\n    xs = [r.pop() for r in g]\n    return len(g[0]) + len(xs)\n",
     "'r' and 'g' share a list"),
    ("def f(ws: list[str]) -> int:\n    vs = ['ab']\n    vs[0][0] = 1\n    return 0\n",
     "a character of an item of a list of strings"),
    # nested helpers that are not one expression of late-bound names
    ("def f(n: int) -> int:\n    def g(v: int) -> int:\n        return 0 if v <= 0 else g(v - 1)\n    return g(n)\n",
     "reads a nested function"),
    ("def f(n: int) -> int:\n    def g(v: int) -> int:\n        return v\n    h = g\n    return n\n",
     "'g' used other than by calling it"),
    ("def f(n: int) -> int:\n    def g(v: int) -> int:\n        v += 1\n        return v\n    return g(n)\n",
     "a body other than 'return <expression>'"),
    ("def f(xs: list[int]) -> int:\n    def g(v: int) -> int:\n        return xs.pop() + v\n    return g(1)\n",
     "a body that changes a list in place"),
    ("def f(n: int) -> int:\n    def g(v: int) -> int:\n        return v\n    return g(v=n)\n",
     "keyword or unpacked arguments"),
    ("def f(n: int) -> int:\n    if n > 0:\n        def g(v: int) -> int:\n            return v\n        return g(n)\n"
     "    return 0\n", "nested function definition"),
    ("def f(xs: list[int]) -> int:\n    def g(ys: list[int]) -> int:\n        return len(ys)\n    return g(xs)\n",
     "a string, list or dict passed to nested function 'g'"),
    # builtins read only in their exact forms
    ("def f(x: int, k: int) -> int:\n    return 1 if x in range(0, 9, k) else 0\n", "a step that is not a literal"),
    ("def f(x: int) -> int:\n    return pow(x, 2, 7)\n", "pow() with 3 arguments"),
    ("def f(x: int) -> int:\n    return len(list(range(0, x, 0)))\n", "a step that is not a non-zero literal"),
], ids=["appended item", "display of one list twice", "parameter", "loop variable", "comprehension variable",
        "str item", "recursive helper",
        "helper as value", "helper with statements", "helper changing a list", "keyword call", "def in a branch", "list argument",
        "range step variable", "pow modulo", "range step zero"])
def test_constructs_the_model_would_get_wrong_stay_unsupported(source, message):
    fn = parse_python(source, "t.py").functions["f"]
    assert fn.unsupported and message in fn.unsupported, fn.unsupported


GRID = """
def main(i: int, j: int) -> int:
    g = [[1, 2], [3, 4, 5]]
    g[i][j] = 0
    return g[1][2]
"""

HELPER = """
def main(x: int) -> int:
    lo = 0
    hi = 10

    def clamp(v: int) -> int:
        return min(hi, max(lo, v))

    hi = 20
    y = clamp(x)
    assert lo <= y <= 10
    return y
"""


@pytest.mark.parametrize("source, check, failing", [
    (GRID, "bounds", lambda i, j: not (-2 <= i < 2 and -(2 + i % 2) <= j < 2 + i % 2)),  # past a row's end
    (HELPER, "assert", lambda x: x > 10),  # the helper reads hi = 20 when called
], ids=["cell past a row's end", "late-bound helper"])
def test_bugs_in_cells_and_helpers_are_replayed_noes(tmp_path, source, check, failing):
    results = [r for r in prove_source(tmp_path, source, suffix=".py", check=check, timeout=20) if r.check == check]
    assert any(r.verdict == Verdict.NO for r in results), [(r.verdict, r.reason) for r in results]
    for r in results:
        if r.verdict == Verdict.NO:
            assert r.counterexample is not None and r.counterexample.confirmed
            assert failing(**r.counterexample.inputs), r.counterexample.inputs


@pytest.mark.parametrize("line, supported", [
    ("sys.setrecursionlimit(100000)", True),
    ("sys.setrecursionlimit(2 * N)", False),  # module code whose effect is not read
    ("sys.setswitchinterval(1)", False),
])
def test_a_module_level_recursion_limit_leaves_the_functions_supported(line, supported):
    source = f"import sys\nN = 5\n{line}\n\n\ndef f(n: int) -> int:\n    return n\n"
    fn = parse_python(source, "t.py").functions["f"]
    assert (not fn.unsupported) == supported, fn.unsupported
