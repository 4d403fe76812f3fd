"""Python lists in the frontend: types from annotations, the lowered IR, and its agreement with CPython.

Fast tier. The differential test runs every function of
`tests/programs/py_data/lists.py` under CPython and through the lowered IR
(`verifier.interpret.run_cfa`, the independent concrete reading) on
Hypothesis-generated lists and ints, and demands the same outcome: the same
return value, or the same exception kind (IndexError is check ``bounds``,
ValueError ``value``) at the same line.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier import ir
from verifier.crosscheck.replay_py import python_arguments
from verifier.frontends.python import load_python, parse_python

from .python_runs import cpython_outcome, ir_outcome, loaded

PROGRAMS = [Path(__file__).parent / "programs" / "py_data" / f"{name}.py" for name in ("lists", "strings", "dicts")]


def lower(source: str, name: str = "f") -> ir.Function:
    fn = parse_python(source, "t.py").functions[name]
    assert not fn.unsupported, fn.unsupported
    return fn


def unsupported(source: str, name: str = "f") -> str:
    fn = parse_python(source, "t.py").functions[name]
    assert fn.unsupported, "expected the function to be unsupported"
    return fn.unsupported


# ------------------------------------------------------------------- types


def test_list_parameters_are_an_array_and_a_length():
    fn = lower("def f(xs: list[int], bs: list[bool], n: int) -> int:\n    return n\n")
    assert [(p.name, p.type) for p in fn.params] == [
        ("xs", ir.ArrayType(ir.MATH_INT, index=ir.MATH_INT)), ("xs#len", ir.MATH_INT),
        ("bs", ir.ArrayType(ir.BOOL, index=ir.MATH_INT)), ("bs#len", ir.MATH_INT), ("n", ir.MATH_INT)]
    # lengths are never negative, and at most sys.maxsize (CPython's Py_ssize_t)
    assumes = [s for s in fn.body if isinstance(s, ir.Assume)]
    assert [(s.cond.op, s.cond.left.name, s.cond.right.value) for s in assumes] == [
        ("ge", "xs#len", 0), ("ge", "bs#len", 0), ("le", "xs#len", sys.maxsize), ("le", "bs#len", sys.maxsize)]


def test_typing_names_and_variadic_tuples_are_lists():
    src = "from typing import List\n\ndef f(xs: List[int], t: tuple[int, ...]) -> int:\n    return len(xs) + t[0]\n"
    fn = lower(src)
    assert [p.name for p in fn.params] == ["xs", "xs#len", "t", "t#len"]


def test_tuples_are_flattened_and_optionals_carry_a_none_flag():
    fn = lower("from typing import Optional\n\ndef f(t: tuple[int, bool], x: Optional[int]) -> int:\n"
               "    if x is None:\n        return t[0]\n    return x + 1\n")
    assert [(p.name, p.type) for p in fn.params] == [("t.0", ir.MATH_INT), ("t.1", ir.BOOL),
                                                      ("x", ir.MATH_INT), ("x.none", ir.BOOL)]
    branch = fn.body[0]
    assert isinstance(branch, ir.If) and branch.cond == ir.Var("x.none", ir.BOOL, branch.cond.loc)
    # `x + 1` where x is None raises TypeError: an uncaught exception, checked as such
    check = fn.body[1]
    assert isinstance(check, ir.Assert) and check.kind == "type" and check.cond.op == "not"
    assert check.text.startswith("TypeError: operand of '+' is None")


def test_an_optional_read_other_than_as_a_number_is_unsupported():
    assert "is used where a number is expected" in unsupported("def f(x: int | None) -> int:\n    ys = [x]\n"
                                                               "    return 0\n")


def test_typing_module_annotations_are_read():
    fn = lower("import typing\n\ndef f(xs: typing.List[int], d: typing.Dict[int, bool]) -> int:\n"
               "    return len(xs) + len(d)\n")
    assert [p.name for p in fn.params] == ["xs", "xs#len", "d.keys", "d.keys#len", "d.values", "d.values#len"]
    assert fn.params[4].type == ir.ArrayType(ir.BOOL, index=ir.MATH_INT)


def test_locals_assigned_lists_are_lists():
    fn = lower("def f(n: int) -> int:\n    ys = [0] * n\n    zs: list[int] = []\n    k = len(ys)\n    return k\n")
    assert isinstance(fn.locals["ys"], ir.ArrayType) and fn.locals["ys#len"] == ir.MATH_INT
    assert isinstance(fn.locals["zs"], ir.ArrayType) and fn.locals["k"] == ir.MATH_INT


@pytest.mark.parametrize("signature, message", [
    ("def f(s: list[list[str]]) -> int:", "parameter 's' has type 'list[list[str]]'"),
    ("def f(d: dict[str, list[str]]) -> int:", "parameter 'd' has type 'dict[str, list[str]]'"),
    ("def f(xs: list[tuple[int, int]]) -> int:", "parameter 'xs' has type 'list[tuple[int, int]]'"),
    ("def f(x: int | str) -> int:", "parameter 'x' has type 'int | str'"),
    ("def f(p: Point) -> int:", "parameter 'p' has type 'Point'"),
])
def test_other_annotations_make_only_that_function_unsupported(signature, message):
    prog = parse_python(f"{signature}\n    return 1\n\ndef ok(xs: list[int]) -> int:\n    return len(xs)\n", "t.py")
    assert message in prog.functions["f"].unsupported
    assert prog.functions["f"].unsupported_loc.line == 1
    assert not prog.functions["ok"].unsupported


# ------------------------------------------------------------------- checks


def _asserts(stmts) -> list[ir.Assert]:
    found = []
    for s in stmts:
        if isinstance(s, ir.Assert):
            found.append(s)
        for field in ("then", "other", "body", "step"):
            found += _asserts(getattr(s, field, []))
    return found


def test_indexing_is_checked_with_cpythons_message_at_the_subscript():
    fn = lower("def f(xs: list[int], i: int) -> int:\n    y = 1 + xs[i]\n    return y\n")
    (check,) = _asserts(fn.body)
    assert check.kind == "bounds" and check.text == "IndexError: list index out of range"
    assert (check.loc.line, check.loc.column) == (2, 13)


def test_empty_min_is_a_value_check_and_pop_a_bounds_check():
    fn = lower("def f(xs: list[int]) -> int:\n    a = min(xs)\n    return a + xs.pop()\n")
    kinds = [(a.kind, a.text, a.loc.line) for a in _asserts(fn.body)]
    assert kinds == [("value", "ValueError: min() arg is an empty sequence", 2),
                     ("bounds", "IndexError: pop from empty list", 3)]


# ---------------------------------------------------------------- aliasing


@pytest.mark.parametrize("body", [
    "ys = xs\n    ys.append(1)\n    return len(xs)",
    "ys = xs\n    xs[0] = 1\n    return ys[0]",
])
def test_aliasing_a_list_that_changes_is_unsupported(body):
    assert "share one list" in unsupported(f"def f(xs: list[int]) -> int:\n    {body}\n")


def test_aliasing_a_list_that_never_changes_is_a_copy():
    fn = lower("def f(xs: list[int]) -> int:\n    ys = xs\n    return ys[0] + xs[0]\n")
    assert isinstance(fn.locals["ys"], ir.ArrayType)


def test_passing_a_list_to_a_function_that_changes_it_is_unsupported():
    src = ("def g(ys: list[int]) -> int:\n    ys.append(1)\n    return 0\n\n"
           "def h(zs: list[int]) -> int:\n    return g(zs)\n\n"
           "def f(xs: list[int]) -> int:\n    h(xs)\n    return len(xs)\n")
    assert "changes its list parameter 'zs'" in unsupported(src)
    assert "changes its list parameter 'ys'" in unsupported(src, "h")


def test_passing_a_list_to_a_reading_function_passes_array_and_length():
    src = "def g(ys: list[int]) -> int:\n    return len(ys)\n\ndef f(xs: list[int]) -> int:\n    return g(xs)\n"
    (ret,) = [s for s in lower(src).body if isinstance(s, ir.Return)]
    assert isinstance(ret.value, ir.Call) and [a.name for a in ret.value.args] == ["xs", "xs#len"]


def test_the_value_of_a_function_returning_a_list_of_bools_is_unsupported():
    # a returned list of ints is inlined where used (tests/test_python_translated_calls.py)
    src = "def g(n: int) -> list[bool]:\n    return [n > 0]\n\ndef f(n: int) -> int:\n    return len(g(n))\n"
    assert "list result of a call" in unsupported(src)


# ------------------------------------------------------------ vs CPython


def _cpython(func, params: dict, types: dict) -> tuple:
    args = python_arguments(params, types)
    for name, param in inspect.signature(func).parameters.items():
        if str(param.annotation).startswith("tuple") and isinstance(args.get(name), list):
            args[name] = tuple(args[name])  # as the replay worker does
        if param.annotation in ("str", str) and isinstance(args.get(name), list):
            args[name] = "".join(map(chr, args[name]))
    kind, value = cpython_outcome(func, args)
    if kind != "return":
        return (kind, value)
    return ("return", None if isinstance(value, (list, tuple, str)) or value is None else int(value))


_CASES = [(path, name) for path in PROGRAMS for name in sorted(load_python(path).functions)]
_small = st.integers(-4, 6)
#: string parameters draw from a few letters (and spaces), as code points
_letters = st.sampled_from([ord(c) for c in "ab A0 1"])


@pytest.mark.parametrize("path, name", _CASES, ids=[f"{p.stem}.{n}" for p, n in _CASES])
@settings(max_examples=40, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_lowered_lists_behave_like_cpython(path, name, data):
    program, module, cfas = loaded(path)
    fn = program.functions[name]
    texts = {n for n, prm in inspect.signature(getattr(module, name)).parameters.items()
             if prm.annotation in ("str", str)}
    params: dict[str, object] = {}
    types = {p.name: p.type for p in fn.params}
    for p in fn.params:
        if p.name.endswith("#len") or p.name.endswith(".values"):
            continue
        if p.name.endswith(".keys"):  # a dict: distinct keys and their values
            values_type = types[p.name[:-len("keys")] + "values"]
            values = st.booleans() if values_type.elem == ir.BOOL else _small
            drawn = data.draw(st.dictionaries(_small, values, max_size=4), label=p.name[:-5])
            params[p.name] = list(drawn)
            params[p.name[:-len("keys")] + "values"] = [int(v) for v in drawn.values()]
            continue
        if isinstance(p.type, ir.ArrayType):
            elem = st.booleans() if p.type.elem == ir.BOOL else _letters if p.name in texts else _small
            params[p.name] = [int(v) for v in data.draw(st.lists(elem, max_size=6), label=p.name)]
        else:
            params[p.name] = int(data.draw(st.booleans() if p.type == ir.BOOL else _small, label=p.name))
    got, expected = ir_outcome(cfas[name], params), _cpython(getattr(module, name), params, types)
    assert got == expected


def test_two_list_parameters_one_of_them_changed_is_unsupported():
    message = unsupported("def f(xs: list[int], ys: list[int]) -> int:\n    xs.append(1)\n    return len(ys)\n")
    assert "may pass the same object" in message
    lower("def f(xs: list[int], ys: list[int]) -> int:\n    return len(xs) + len(ys)\n")
    lower("def f(xs: list[int], s: str) -> int:\n    xs.append(1)\n    return len(s)\n")


@pytest.mark.parametrize("source, message", [
    ("def f(x: int | None) -> int:\n    x += 5\n    return 0\n", "augmented assignment to 'x'"),
    ("def f(t: tuple[int, int]) -> int:\n    t += (1,)\n    return 0\n", "augmented assignment to 't'"),
    ("def f(n: int) -> int:\n    ys = [1]\n    ys = 'ab'\n    return ys[0] + 1\n", "holds both strings and lists"),
    ("def f(t: tuple[int, ...]) -> int:\n    t = [1, 2]\n    return len(t)\n", "a list[int] assigned to 't'"),
])
def test_rebinding_a_value_to_another_shape_is_unsupported(source, message):
    assert message in unsupported(source)
