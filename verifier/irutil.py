"""Small IR passes: renaming variables, collecting assigned variables, nesting depth, variables' source names."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator

from . import ir
from .digit_limit import DIGIT_CHECK
from .sequencing import is_order_probe


def subexpressions(expr: ir.Expr) -> Iterator[ir.Expr]:
    """`expr` and every expression inside it in pre-order: outermost first,
    operands left to right (no recursion, so any depth is fine)."""
    stack = [expr]
    while stack:
        e = stack.pop()
        yield e
        children: list[ir.Expr] = []
        for v in vars(e).values():
            if isinstance(v, ir.Expr):
                children.append(v)
            elif isinstance(v, tuple):
                children.extend(i for i in v if isinstance(i, ir.Expr))
        stack.extend(reversed(children))


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


def map_stmt_exprs(stmts: Iterable[ir.Stmt], fn: Callable[[ir.Expr], ir.Expr],
                   target: Callable[[str], str] | None = None) -> list[ir.Stmt]:
    """Statements (nested ones included) with every expression field replaced
    by `fn` of it, and every assigned variable by `target` of it when given."""
    out: list[ir.Stmt] = []
    for s in stmts:
        changes: dict[str, object] = {}
        for f in dataclasses.fields(s):
            value = getattr(s, f.name)
            if isinstance(value, ir.Expr):
                changes[f.name] = fn(value)
            elif isinstance(value, list):
                changes[f.name] = map_stmt_exprs(value, fn, target)
        if target is not None and isinstance(s, ir.Assign):
            changes["target"] = target(s.target)
        out.append(dataclasses.replace(s, **changes))
    return out


def rename_stmts(stmts: Iterable[ir.Stmt], names: dict[str, str]) -> list[ir.Stmt]:
    """Statements with every variable (read or assigned) renamed by `names`."""
    return map_stmt_exprs(stmts, lambda e: rename_expr(e, names), lambda t: names.get(t, t))


def all_stmts(stmts: Iterable[ir.Stmt]) -> Iterator[ir.Stmt]:
    """Every statement of `stmts`, nested ones included (those in a statement's list fields)."""
    stack = list(stmts)
    while stack:
        s = stack.pop()
        yield s
        for value in vars(s).values():
            if isinstance(value, list):
                stack.extend(value)


def assigned_vars(stmts: Iterable[ir.Stmt]) -> set[str]:
    """Variables assigned anywhere in `stmts` (nested statements included)."""
    return {s.target for s in all_stmts(stmts) if isinstance(s, ir.Assign)}


def called_body(fn: ir.Function) -> list[ir.Stmt]:
    """The body of `fn` as a call runs it: without its entry assumptions (`ir.Assume.entry`)."""
    return [s for s in fn.body if not (isinstance(s, ir.Assume) and s.entry)]


def is_digit_check(s: ir.Stmt) -> bool:
    """`s` is the branch a `digit_limit.DIGIT_CHECK` choice guards (it ends in ``assume(false)``)."""
    return isinstance(s, ir.If) and isinstance(s.cond, ir.Nondet) and s.cond.name == DIGIT_CHECK


def path_end(stmts: Iterable[ir.Stmt]) -> ir.Loc | None:
    """Where `stmts` (nested statements included) end an execution without a failure
    (an ``Assume(false)``: a program exit such as ``exit(n)`` or ``sys.exit(n)``, not the end of an
    order probe or of a check of digits, `is_digit_check`); None if nowhere."""
    stack = list(stmts)
    while stack:
        s = stack.pop()
        if isinstance(s, ir.Assume) and isinstance(s.cond, ir.Const) and not s.cond.value:
            return s.loc
        if not (is_order_probe(s) or is_digit_check(s)):
            stack.extend(v for value in vars(s).values() if isinstance(value, list) for v in value)
    return None


def has_label(stmts: Iterable[ir.Stmt]) -> bool:
    """Whether `stmts` (nested statements included) contain a `Label`."""
    return any(isinstance(s, ir.Label) for s in all_stmts(stmts))


def has_call(expr: ir.Expr) -> bool:
    """Whether `expr` contains a `Call`."""
    return any(isinstance(e, ir.Call) for e in subexpressions(expr))


def too_deep(stmts: Iterable[ir.Stmt], limit: int, expression_limit: int | None = None) -> ir.Loc | None:
    """Where `stmts` nest more than `limit` levels deep (each nested statement
    and each operand is one level), or one expression more than
    `expression_limit` levels (counted from its statement); None if nowhere.
    The location is the first too-deep node's, or its nearest enclosing
    node's that has one."""
    expression_limit = limit if expression_limit is None else expression_limit
    stack: list[tuple[object, int, int, ir.Loc]] = [(s, 1, 0, ir.NOWHERE) for s in reversed(list(stmts))]
    while stack:
        node, depth, expr_depth, outer = stack.pop()
        loc = getattr(node, "loc", ir.NOWHERE)
        if loc.line <= 0:
            loc = outer
        if depth > limit or expr_depth > expression_limit:
            return loc
        children: list[object] = []
        for value in vars(node).values():
            children.extend(value if isinstance(value, (list, tuple)) else [value])
        stack.extend((c, depth + 1, expr_depth + 1 if isinstance(c, ir.Expr) else 0, loc)
                     for c in reversed(children) if isinstance(c, (ir.Stmt, ir.Expr)))
    return None


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
    locals to ``x#2``; inlining adds ``@k``); an array's length variable
    (`ir.length_name`) reads ``len(a)``."""
    if name.endswith(_LENGTH_SUFFIX):
        return f"len({display_name(name[: -len(_LENGTH_SUFFIX)])})"
    return name.split("#")[0].split("@")[0]


_LENGTH_SUFFIX = ir.length_name("")
