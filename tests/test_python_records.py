"""Records (translated C structs as dataclasses and plain classes, `verifier.frontends.python_records`).

Fast tier. The differential test runs every function of `tests/programs/py_competition/records.py`
under CPython (record parameters built as their class from the drawn field values) and through the
lowered IR on the same Hypothesis-generated values, and demands the same outcome; the others pin a
replayed no over a record parameter, how it is shown, and what stays unsupported (aliasing, callee
changes, classes that are not plain records).
"""

from __future__ import annotations

import dataclasses
import inspect
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier import ir
from verifier.crosscheck.py_worker import RecordArgument
from verifier.crosscheck.replay_py import PyReplayer, python_arguments
from verifier.frontends.python import parse_python
from verifier.result import Verdict

from .helpers import prove_source
from .python_runs import cpython_outcome, ir_outcome, loaded

PROGRAM = Path(__file__).parent / "programs" / "py_competition" / "records.py"
_PROGRAM, _MODULE, _CFAS = loaded(PROGRAM)


def _cpython_args(func, values: dict) -> dict:
    """The call `func` gets for IR parameter `values`: each record parameter built from its fields
    (a dataclass by its constructor, a plain class as its ``__init__`` leaves it)."""
    out: dict = {}
    for name, param in inspect.signature(func).parameters.items():
        fields = {k.partition(".")[2]: v for k, v in values.items() if k.partition(".")[0] == name and "." in k}
        if not fields:
            out[name] = values[name]
        elif dataclasses.is_dataclass(param.annotation):
            out[name] = param.annotation(**fields)
        else:
            out[name] = object.__new__(param.annotation)
            out[name].__dict__.update(fields)
    return out


@pytest.mark.parametrize("name", sorted(_PROGRAM.functions))
@settings(max_examples=40, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_record_functions_behave_like_cpython(name, data):
    fn = _PROGRAM.functions[name]
    assert not fn.unsupported, fn.unsupported
    values = {p.name: data.draw(st.booleans() if isinstance(p.type, ir.BoolType) else st.integers(-6, 9),
                                label=p.name) for p in fn.params}
    func = getattr(_MODULE, name)
    assert ir_outcome(_CFAS[name], values) == cpython_outcome(func, _cpython_args(func, values))


def test_record_parameters_are_their_fields():
    params = {p.name: p.type for p in _PROGRAM.functions["fill"].params}
    assert params == {"c.full": ir.BOOL, "c.count": ir.MATH_INT, "n": ir.MATH_INT}


BAD_AREA = """
class Rect:
    def __init__(self, w: int, h: int):
        self.w = w
        self.h = h


def area(r: Rect) -> int:
    return r.w * r.h


def check(r: Rect, flip: bool) -> int:
    if r.w < 0 or r.h < 0:
        return 0
    a = area(r)
    assert a != 12 or flip
    return a
"""


def test_a_no_over_a_record_parameter_is_replayed_with_the_class_built(tmp_path):
    results = prove_source(tmp_path, BAD_AREA, suffix=".py", check="assert", function="check", timeout=20)
    no = next(r for r in results if r.check == "assert")
    assert no.verdict == Verdict.NO, (no.verdict, no.reason)
    cex = no.counterexample
    assert cex is not None and cex.confirmed, cex
    assert cex.inputs["r.w"] * cex.inputs["r.h"] == 12 and not cex.inputs["flip"]
    assert set(cex.arguments) == {"r.w", "r.h", "flip"}


def test_the_worker_builds_a_dataclass_and_a_plain_class_from_fields():
    params = {"p.x": 2, "p.y": -3, "dx": 1, "dy": 6}
    arguments = python_arguments(params, {"p.x": ir.MATH_INT, "p.y": ir.MATH_INT})
    assert arguments["p"] == RecordArgument({"x": 2, "y": -3})
    with PyReplayer(str(PROGRAM), "moved") as replayer:
        assert (replayer.run(params).kind, replayer.run(params).line) == ("assert", 42)
        divides = replayer.run({"p.x": 1, "p.y": 0, "dx": 1, "dy": 0})
        assert (divides.kind, divides.line) == ("div-by-zero", 43)
    with PyReplayer(str(PROGRAM), "width") as replayer:
        seen = replayer.run({"s.first": 4, "s.last": 11})
        assert seen.kind is None and not seen.unavailable, seen


HEADER = "from dataclasses import dataclass\n\n\n@dataclass\nclass P:\n    x: int\n    y: int\n\n\n"


@pytest.mark.parametrize("body, message", [
    ("def f(n: int) -> int:\n    p = P(n, n)\n    q = p\n    q.x = 3\n    return p.x\n", "record 'p' of class"),
    ("def f(n: int) -> int:\n    p = P(n, n)\n    xs = [p]\n    return xs[0].x\n", "record 'p' of class"),
    ("def f(n: int) -> int:\n    p = P(n, n)\n    return p\n", "record 'p' of class"),
    ("def f(n: int) -> int:\n    p = P(n, n)\n    return p.z\n", "'z' is not a field"),
    ("def bump(p: P) -> None:\n    p.x += 1\n\n\ndef f(n: int) -> int:\n    p = P(n, n)\n    bump(p)\n"
     "    return p.x\n", "a field of record parameter 'p' assigned"),
    ("def f(n: int) -> int:\n    if n > 0:\n        p = P(n, n)\n    return p.x\n", "first built inside a block"),
    ("def f(n: int) -> int:\n    p = P(n)\n    return p.x\n", "does not set each field once"),
    ("def g(a: int, b: int) -> int:\n    return a\n\n\ndef f(n: int) -> int:\n    p = P(n, n)\n"
     "    return g(p, 1)\n", "passed where a 'P' parameter is not declared"),
    ("def f(n: int) -> int:\n    p = P(n, n)\n    g = lambda: p.x\n    return g()\n", "inside a nested function"),
    ("def f(n: int) -> int:\n    p = P(n, n)\n    return isinstance(p, P)\n", "record 'p' passed where"),
    ("def f(n: int) -> int:\n    p = P(n, n)\n    del p.x\n    return p.y\n", "'del' of a record"),
    ("def f(n: int) -> int:\n    P = 5\n    q = P(n, n)\n    return q.x\n", "call of variable 'P'"),
], ids=["alias", "in a list", "returned", "unknown field", "callee changes it", "maybe unbound", "missing field",
        "passed to an int", "lambda", "isinstance", "del", "class name rebound"])
def test_records_the_model_would_get_wrong_stay_unsupported(body, message):
    fn = parse_python(HEADER + body, "t.py").functions["f"]
    assert fn.unsupported and message in fn.unsupported, fn.unsupported


@pytest.mark.parametrize("cls", [
    "@dataclass\nclass P:\n    x: int = 0\n    y: int\n",
    "@dataclass\nclass P:\n    x: int = N\n    y: int = 0\n",
    "@dataclass(frozen=True)\nclass P:\n    x: int\n    y: int\n",
    "class P:\n    def __init__(self, x: int, y: int):\n        self.x = x\n        self.y = y\n\n"
    "    @staticmethod\n    def norm(a: int) -> int:\n        return a\n",
    "class P:\n    def __init__(self, x: int, y: int):\n        self.x = x + 1\n        self.y = y\n",
    "@dataclass\nclass P:\n    x: int\n    stop: int\n",
], ids=["default before a field without", "default not a constant", "frozen", "decorated method", "computed field",
        "reserved field name"])
def test_classes_that_are_not_plain_records_stay_unsupported(cls):
    source = "from dataclasses import dataclass\n\n\n" + cls + "\n\ndef f(n: int) -> int:\n    p = P(n, n)\n    return n\n"
    fn = parse_python(source, "t.py").functions["f"]
    assert fn.unsupported and "'P' is bound by the module-level class definition" in fn.unsupported, fn.unsupported
