"""Nested helper functions (``def`` inside a function), read as the expression they return.

Translations of competition tasks write small helpers inside ``main``::

    def main(n: int, step: int) -> int:
        def advance(v: int) -> int:
            return v + step
        ...
        x = advance(x)

`local_functions(suite, own_names)` finds the nested ``def`` statements of a
function body that can be inlined at each call, as CPython runs them: the body
is one expression of the parameters and of names of the enclosing function,
which are read when the helper is *called* (closures bind late). A body of
``if c: return a`` statements (``elif``/``else`` too) ending in ``return b`` is
the conditional expression ``a if c else b``, evaluated lazily like the
statements. A call ``f(x, y)`` evaluates its arguments in order into fresh
temporaries, then the expression with the parameters renamed to them
(`CallLowerer.local_call`).

A helper is inlined only where nothing can tell it from its expression:

- its ``def`` is a statement of the function's own body (not inside a branch or
  loop), without decorators, defaults, ``*args`` or keyword parameters;
- its body is such a chain of returns (a docstring first is allowed), reads no
  other nested helper (nor itself: no recursion), binds no name (``:=``), and
  changes no list in place (a method such as ``append`` or ``pop``), so the
  enclosing function's own aliasing analysis stays complete;
- the enclosing function never binds the helper's name otherwise, and uses it
  only as the callee of calls with positional int or bool arguments, after the
  ``def``.

Any other nested ``def`` stays unsupported, with the reason and its line.
"""

from __future__ import annotations

from dataclasses import dataclass

from lark import Token, Tree

from .python_tree import is_plain_string, stmts_of, walk
from .python_types import MUTATING_METHODS

__all__ = ["LocalFunction", "local_functions"]


@dataclass(frozen=True)
class LocalFunction:
    """A nested helper that is inlined at its calls: its parameters and the expression it returns."""

    name: str
    params: tuple[str, ...]
    body: Tree | Token
    node: Tree


def local_functions(suite: Tree, bound: set[str]) -> tuple[dict[str, LocalFunction], dict[int, str]]:
    """The inlinable nested helpers of function body `suite`, by name, and for
    every other nested ``def`` statement of the body (by ``id``) why it is not
    one. `bound` holds the names the enclosing function binds (parameters and
    assignments): a helper whose name is among them is not inlined."""
    statements = stmts_of(suite)
    defs = {i: s for i, s in enumerate(statements) if s.data == "funcdef"}
    found: dict[str, LocalFunction] = {}
    refused: dict[int, str] = {}
    names = [str(s.children[0]) for s in defs.values()]
    for i, node in defs.items():
        name = str(node.children[0])
        why = _why_not(node, name, names, bound, statements, i)
        if why:
            refused[id(node)] = why
            continue
        params, body = _parameters(node), _returned(stmts_of(node.children[3]))
        assert params is not None and body is not None
        found[name] = LocalFunction(name, params, body, node)
    return found, refused


def _why_not(node: Tree, name: str, names: list[str], bound: set[str], statements: list[Tree], at: int) -> str:
    """Why nested ``def`` `node` (statement `at` of `statements`) is not inlined ('' if it is)."""
    if names.count(name) > 1 or name in bound:
        return f"'{name}' is bound more than once"
    if _parameters(node) is None:
        return "a parameter with a default, '*' or '**'"
    body = _returned(stmts_of(node.children[3]))
    if body is None:
        return "a body other than 'return <expression>' (and 'if ...: return ...' before it)"
    for sub in walk(node.children[3]):
        if sub.data in ("assign_expr", "funcdef", "lambdef", "lambdef_nocond", "global_stmt", "nonlocal_stmt",
                        "yield_expr", "await_expr", "classdef", "decorated"):
            return "a body that binds names or defines functions"
        if sub.data == "var" and str(sub.children[0]) in names:
            return "a body that reads a nested function (itself or another)"
        if sub.data == "funccall" and isinstance(sub.children[0], Tree) and sub.children[0].data == "getattr" \
                and str(sub.children[0].children[1]) in MUTATING_METHODS:
            return "a body that changes a list in place"
    for k, stmt in enumerate(statements):
        if k == at:
            continue
        for sub in walk(stmt):
            if sub.data == "funccall" and _names_var(sub.children[0], name):
                if k < at:
                    return f"'{name}' called before its definition"
                args = sub.children[1]
                if args is not None and any(isinstance(a, Tree) and a.data in ("argvalue", "starargs", "kwargs")
                                            for a in args.children):
                    return f"a call of '{name}' with keyword or unpacked arguments"
            elif sub.data == "var" and str(sub.children[0]) == name and not _is_callee(stmt, sub):
                return f"'{name}' used other than by calling it"
    return ""


def _names_var(t: Tree | Token, name: str) -> bool:
    return isinstance(t, Tree) and t.data == "var" and str(t.children[0]) == name


def _is_callee(stmt: Tree, var: Tree) -> bool:
    """`var` is the callee of a call inside `stmt`."""
    return any(sub.data == "funccall" and sub.children[0] is var for sub in walk(stmt))


def _parameters(node: Tree) -> tuple[str, ...] | None:
    """The parameter names of ``def`` `node` when all are plain (annotations allowed), else None."""
    params = node.children[1]
    names: list[str] = []
    for child in (params.children if params is not None else []):
        if child is None:
            continue
        if isinstance(child, Token) and child.type == "NAME":
            names.append(str(child))
        elif isinstance(child, Tree) and child.data == "typedparam":
            names.append(str(child.children[0]))
        else:
            return None
    return tuple(names)


def _returned(stmts: list[Tree]) -> Tree | Token | None:
    """The expression a chain of returns gives (see the module docstring), or None."""
    if stmts and stmts[0].data == "expr_stmt" and is_plain_string(stmts[0].children[0]):
        stmts = stmts[1:]
    if not stmts:
        return None
    first, rest = stmts[0], stmts[1:]
    if first.data == "return_stmt":
        value = first.children[0] if first.children else None
        if rest or value is None or (isinstance(value, Tree) and value.data in ("tuple", "testlist", "exprlist")):
            return None
        return value
    if first.data != "if_stmt":
        return None
    cond, then, elifs, otherwise = first.children
    if otherwise is not None and rest:
        return None  # statements after an if whose branches all return are never run
    tail = _returned(stmts_of(otherwise) if otherwise is not None else rest)
    branches = [(cond, then)] + [(e.children[0], e.children[1]) for e in (elifs.children if elifs else [])]
    values = [_returned(stmts_of(suite)) for _, suite in branches]
    if tail is None or any(v is None for v in values):
        return None
    for (c, _), v in reversed(list(zip(branches, values))):
        tail = Tree("test", [v, c, tail], meta=first.meta)
    return tail
