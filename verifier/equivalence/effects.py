"""What a function changes that its caller sees besides its result: arguments changed in place, globals.

The engines compare what two functions return (or how they fail). A C function that writes through a pointer or
array parameter (or a field of a struct pointer parameter), or a Python function that changes a list, dict or set
argument in place, also has an effect on its caller that the engines do not compare: ``void f(int *p) { *p = 1; }``
and ``*p = 2;`` return alike. A C global the function assigns is such an effect too (and the model starts it from
the program's initial value, not from what earlier calls left). Such a pair is never a yes: `visible_change`
says what is changed, and where.
"""

from __future__ import annotations

from .. import ir
from ..irutil import all_stmts, display_name, subexpressions
from .targets import Target

__all__ = ["visible_change"]

#: Python annotations whose values a callee can change in place (`str` and `tuple` cannot be)
MUTABLE_SHAPES = ("list", "dict", "set")


def _by_reference(t: Target) -> set[str]:
    """The IR variables of `t`'s parameters that the caller shares: what is written to them, it sees."""
    params = t.fn.params
    if t.program.language == "c":
        return {p.name for p in params if isinstance(p.type, ir.ArrayType) or "->" in p.name}
    shapes = t.program.replay_facts.get("shapes", {}).get(t.function, {})
    mutable = {name for name, shape in shapes.items() if str(shape).startswith(MUTABLE_SHAPES)}
    return {p.name for p in params if _argument(p.name) in mutable}


def _argument(name: str) -> str:
    """The source parameter an IR variable belongs to (``xs`` of ``xs#len``, ``d`` of ``d.keys``; C's ``q->x``
    stays whole: it is what the function wrote)."""
    return display_name(name.split("#")[0].split(".")[0])


def _expressions(stmt: ir.Stmt) -> list[ir.Expr]:
    return [e for value in vars(stmt).values() for e in (value if isinstance(value, list) else [value])
            if isinstance(e, ir.Expr)]


def visible_change(t: Target) -> tuple[str, ir.Loc] | None:
    """What of its caller's `t`'s function may change besides its result, and where: the first parameter it
    changes in place (written there, or in a function it passes the parameter to; ``the argument p``), else the
    first global it assigns (``the global g``); None when the caller sees nothing of it but its result."""
    shared = _by_reference(t)
    changed = _first_change(t.program, t.fn, shared, set()) if shared else None
    if changed is not None:
        return f"the argument {changed[0]}", changed[1]
    written = sorted(t.fn.globals_written.items(), key=lambda item: (item[1].line, item[1].column))
    return (f"the global {written[0][0]}", written[0][1]) if written else None


def _first_change(program: ir.Program, fn: ir.Function, shared: set[str],
                  seen: set[tuple[str, str]]) -> tuple[str, ir.Loc] | None:
    """The first of `shared` (variables of `fn`) that `fn` may write, and where (`seen`: callee parameters
    already followed, so that a recursion ends)."""
    for stmt in all_stmts(fn.body):
        if isinstance(stmt, ir.Assign) and stmt.target in shared:
            return _argument(stmt.target), stmt.loc
        for call in (e for expr in _expressions(stmt) for e in subexpressions(expr) if isinstance(e, ir.Call)):
            callee = program.functions.get(call.func)
            for i, arg in enumerate(call.args):
                passed = next((v.name for v in subexpressions(arg) if isinstance(v, ir.Var) and v.name in shared),
                              None)
                if passed is None:
                    continue
                if callee is None or len(callee.params) != len(call.args):  # not followed: it may write
                    return _argument(passed), call.loc
                key = (call.func, callee.params[i].name)
                if key not in seen:
                    seen.add(key)
                    if _first_change(program, callee, {key[1]}, seen) is not None:
                        return _argument(passed), call.loc
    return None
