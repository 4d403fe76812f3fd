"""Small IR passes: renaming variables, collecting assigned variables, printing."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator

from . import ir


def subexpressions(expr: ir.Expr) -> Iterator[ir.Expr]:
    """`expr` and every expression inside it, outermost first."""
    stack = [expr]
    while stack:
        e = stack.pop()
        yield e
        for v in vars(e).values():
            if isinstance(v, ir.Expr):
                stack.append(v)
            elif isinstance(v, tuple):
                stack.extend(i for i in v if isinstance(i, ir.Expr))


def map_expr(expr: ir.Expr, fn: Callable[[ir.Expr], ir.Expr | None]) -> ir.Expr:
    """Rebuild `expr` bottom-up; `fn` may return a replacement for any node (or None)."""
    replaced = fn(expr)
    if replaced is not None:
        return replaced
    changes = {}
    for f in dataclasses.fields(expr):
        value = getattr(expr, f.name)
        if isinstance(value, ir.Expr):
            changes[f.name] = map_expr(value, fn)
        elif isinstance(value, tuple) and value and isinstance(value[0], ir.Expr):
            changes[f.name] = tuple(map_expr(v, fn) for v in value)
    return dataclasses.replace(expr, **changes) if changes else expr


def rename_expr(expr: ir.Expr, names: dict[str, str]) -> ir.Expr:
    """`expr` with variables renamed by `names` (others unchanged)."""

    def rename(e: ir.Expr) -> ir.Expr | None:
        if isinstance(e, ir.Var) and e.name in names:
            return dataclasses.replace(e, name=names[e.name])
        return None

    return map_expr(expr, rename)


def rename_stmts(stmts: Iterable[ir.Stmt], names: dict[str, str]) -> list[ir.Stmt]:
    """Statements with every variable (read or assigned) renamed by `names`."""
    out: list[ir.Stmt] = []
    for s in stmts:
        changes: dict[str, object] = {}
        for f in dataclasses.fields(s):
            value = getattr(s, f.name)
            if isinstance(value, ir.Expr):
                changes[f.name] = rename_expr(value, names)
            elif isinstance(value, list):
                changes[f.name] = rename_stmts(value, names)
        if isinstance(s, ir.Assign):
            changes["target"] = names.get(s.target, s.target)
        out.append(dataclasses.replace(s, **changes))
    return out


def assigned_vars(stmts: Iterable[ir.Stmt]) -> set[str]:
    """Variables assigned anywhere in `stmts` (nested statements included)."""
    found: set[str] = set()
    for s in stmts:
        if isinstance(s, ir.Assign):
            found.add(s.target)
        for f in dataclasses.fields(s):
            value = getattr(s, f.name)
            if isinstance(value, list):
                found |= assigned_vars(value)
    return found


def calls_in(expr: ir.Expr) -> list[ir.Call]:
    """Every call inside `expr`, outermost last."""
    found: list[ir.Call] = []

    def visit(e: ir.Expr) -> ir.Expr | None:
        if isinstance(e, ir.Call):
            for a in e.args:
                visit_all(a)
            found.append(e)
            return e
        return None

    def visit_all(e: ir.Expr) -> None:
        map_expr(e, visit)

    visit_all(expr)
    return found


def display_name(name: str) -> str:
    """A variable's name as written in the source (frontends rename shadowed
    locals to ``x#2``; inlining adds ``@k``)."""
    return name.split("#")[0].split("@")[0]


_C_OPS = {
    "add": "+", "sub": "-", "mul": "*", "div": "/", "mod": "%", "floordiv": "//",
    "floormod": "%", "shl": "<<", "shr": ">>", "band": "&", "bor": "|", "bxor": "^",
    "eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">=",
    "land": "&&", "lor": "||",
}


def to_source(expr: ir.Expr, language: str = "c") -> str:
    """`expr` printed in the source language's syntax (C or Python)."""
    py = language == "python"

    def go(e: ir.Expr) -> str:
        if isinstance(e, ir.Const):
            if isinstance(e.type, ir.BoolType):
                return ("True" if e.value else "False") if py else ("1" if e.value else "0")
            return str(e.value)
        if isinstance(e, ir.Var):
            return display_name(e.name)
        if isinstance(e, ir.Unary):
            sym = {"neg": "-", "bnot": "~", "not": "not " if py else "!"}[e.op]
            return f"{sym}{go(e.arg)}"
        if isinstance(e, ir.Binary):
            sym = _C_OPS[e.op]
            if py and e.op in ("land", "lor"):
                sym = "and" if e.op == "land" else "or"
            return f"({go(e.left)} {sym} {go(e.right)})"
        if isinstance(e, ir.Cast):
            return go(e.arg)
        if isinstance(e, ir.Ite):
            if py:
                return f"({go(e.then)} if {go(e.cond)} else {go(e.other)})"
            return f"({go(e.cond)} ? {go(e.then)} : {go(e.other)})"
        if isinstance(e, ir.Call):
            return f"{e.func}({', '.join(go(a) for a in e.args)})"
        if isinstance(e, ir.Nondet):
            return e.name + "()" if e.name else "nondet()"
        raise TypeError(f"unknown IR node {type(e).__name__}")

    text = go(expr)
    if text.startswith("(") and text.endswith(")"):
        depth = 0
        for i, ch in enumerate(text):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0 and i < len(text) - 1:
                return text
        return text[1:-1]
    return text
