"""Helpers for tests that run a Python function both lowered (the IR interpreter) and
in CPython and compare what happened: a return or an exception at a line."""

from __future__ import annotations

import functools
import importlib.util
import sys
import typing
from pathlib import Path

from hypothesis import strategies as st

from verifier import ir
from verifier.arrays import ArrayValue, zero_of
from verifier.cfa import build_cfa
from verifier.frontends.python import load_python
from verifier.interpret import run_cfa

#: CPython's exception -> the check that reports it
EXCEPTION_CHECKS = {IndexError: "bounds", KeyError: "key", ValueError: "value", ZeroDivisionError: "div-by-zero",
                    AssertionError: "assert", TypeError: "type"}


@functools.cache
def loaded(path: Path):
    """`path` lowered and imported (once per test session): (program, module, automaton per function)."""
    program = load_python(path)
    name = f"_pydata_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return program, module, {fn: build_cfa(program, fn) for fn in program.functions}


def with_lengths(params: dict) -> dict:
    """The IR parameters of `params`: each list with its length parameter."""
    out = dict(params)
    for name, value in params.items():
        if isinstance(value, list) and not name.endswith(".stop"):
            out[ir.length_name(name)] = len(value)
    return out


def ir_outcome(cfa, params: dict) -> tuple:
    """("return", value) or (check, line) of the IR interpreter's run on `params`."""
    ir_params = {n: ArrayValue.of_list(v) if isinstance(v, list) else int(v) for n, v in with_lengths(params).items()}
    run = run_cfa(cfa, ir_params, lambda site, step, t: zero_of(t), max_edges=200_000)
    assert not run.out_of_steps and not run.blocked
    if run.failure is not None:
        kind, loc = run.failure
        return (kind, loc.line)
    return ("return", run.returned)


def cpython_outcome(func, args: dict) -> tuple:
    """("return", value) or (check, line of the innermost frame) of CPython's `func(**args)`."""
    try:
        value = func(**args)
    except tuple(EXCEPTION_CHECKS) as e:
        tb = e.__traceback__
        while tb.tb_next is not None:
            tb = tb.tb_next
        return (EXCEPTION_CHECKS[type(e)], tb.tb_lineno)
    return ("return", value)


def agrees_with_cpython(path: Path, name: str, data: st.DataObject, low: int, high: int) -> None:
    """Function `name` of `path`, lowered and run by the IR interpreter, does what CPython does on ints drawn
    from [low, high] for each parameter."""
    program, module, cfas = loaded(path)
    assert not program.functions[name].unsupported, program.functions[name].unsupported
    func = getattr(module, name)
    args = {p: data.draw(st.integers(low, high), label=p) for p in typing.get_type_hints(func) if p != "return"}
    assert ir_outcome(cfas[name], args) == cpython_outcome(func, args)
