"""Module-level variables that functions change (C globals, translated): ints through ``global``, lists by item.

Translations of C tasks keep state in module-level names that helpers update::

    counter = 0
    buf = [0] * N

    def put(v: int) -> None:
        global counter
        buf[counter] = v
        counter += 1

`module_globals(source, constants)` reads the file with CPython's `ast`. A name
qualifies when its only binding at module level is one plain assignment
``NAME = expr`` directly in the module body, and the file never names
``globals``, ``exec`` and the like; then it is

- an int global when some function declares it ``global``, no function deletes
  it, and ``expr`` is a constant integer expression (as in `python_constants`);
- a list global (`ListGlobal`) when ``expr`` is ``[c, ...]`` or ``[c] * n`` of
  constant ints and no function binds, deletes or takes the name, and every
  function uses it only as ``NAME[i]`` (read, assigned, augmented) and
  ``len(NAME)`` (`list_uses_outside_items`): nothing can alias it.

Any other ``global`` stays unsupported.

The model is the replay's: every function is called on a freshly imported
module, so a function starts with each global at its start. A function that
names a global (``global g``, or reading ``g`` without binding it) holds it as
a local, set on entry; a call to a function that uses globals, directly or
through its own calls (`global_uses`), is inlined where it is made
(`inline_global_calls`), so the callee reads and writes the caller's copy:

    x@3 = <argument>             the callee's parameters and locals, renamed ``@k``
    <the callee's statements>    ``return e`` is ``$ret@3 = e; goto $end@3``
    $end@3:                      (no jump when the only return ends the body)
    y = $ret@3

Only callees whose own variables are ints and bools, without a contract or
declared exceptions, are inlined; recursion through such calls, or a call
inside an expression, makes the caller unsupported. Every function keeps its
own checks (the callee's too, on its own, from the starts), and records the
globals it assigns in `Function.globals_written`.

Calls whose returned tuple of ints and bools is unpacked (``q, r =
divide(a, b)``) or whose returned list of ints is used (``e = evens(xs)``) are
inlined the same way (`TupleLowerer.tuple_call_values`, `list_call_value`):
the caller assigns the call to a temporary ``$tuplecall``/``$listcall``, and
the inlined body's ``$result`` variables (renamed ``$ret@k``) are copied into
the temporary's items (``.0``, ``.1``) or list (``.list``). Such callees may
hold lists and dicts of their own.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Union

from lark import Tree

from verifier.ir import (MATH_INT, Assign, Assume, BoolType, Call, Const, Expr, ExprStmt, Goto, IntType, Label, Loc,
                         Return, Stmt, Var, length_name)
from verifier.irutil import all_stmts, called_body, rename_stmts, subexpressions

from .python_constants import constant_value, module_level_stores, module_tree, names_rebinders
from .python_lists import RESULT_LIST
from .python_tree import callee_name, walk
from .python_types import ListOf, TupleOf, item_name, returned_list

if TYPE_CHECKING:
    from .python_function import FunctionLowerer

__all__ = ["module_globals", "inline_global_calls", "list_uses_outside_items", "global_uses", "ListGlobal",
           "Start", "MAX_INLINE_DEPTH"]

#: inlined calls inside inlined calls: deeper is unsupported (recursion is refused at once)
MAX_INLINE_DEPTH = 8


@dataclass(frozen=True)
class ListGlobal:
    """A module-level list of ints (``data = [0] * N``, ``table = [1, 2, 3]``): functions change its items."""

    line: int


#: a module global's start: an int's value, or a list's
Start = Union[int, ListGlobal]
#: the longest module-level list modelled
MAX_LIST_GLOBAL = 4096


def module_globals(source: str, constants: dict[str, int]) -> dict[str, Start]:
    """The module globals of `source` (see the module docstring) with their starts; `constants` are the
    module's constants (`python_constants`), which start values and list sizes may use."""
    tree = module_tree(source)
    if tree is None or names_rebinders(tree):
        return {}
    declared = {name for node in ast.walk(tree) if isinstance(node, ast.Global) for name in node.names}
    declared -= {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Del)}
    rebound = _bound_in_functions(tree)
    stores = module_level_stores(tree)
    found: dict[str, Start] = {}
    for stmt in tree.body:
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
            continue
        name = stmt.targets[0].id
        if stores[name] != 1:
            continue
        ints = {**constants, **{k: v for k, v in found.items() if isinstance(v, int)}}
        if name in declared:
            value = constant_value(stmt.value, ints)
            if value is not None:
                found[name] = value
        if name not in rebound and name not in found and _int_list(stmt.value, ints):
            found[name] = ListGlobal(stmt.lineno)
    return found


def _int_list(value: ast.expr, constants: dict[str, int]) -> bool:
    """``[c, ...]`` of constant ints, or ``[c] * n`` (either order), at most `MAX_LIST_GLOBAL` long."""
    if isinstance(value, ast.List):
        return len(value.elts) <= MAX_LIST_GLOBAL and all(constant_value(e, constants) is not None
                                                          for e in value.elts)
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Mult):
        for cell, count in ((value.left, value.right), (value.right, value.left)):
            n = constant_value(count, constants)
            if (isinstance(cell, ast.List) and len(cell.elts) == 1 and constant_value(cell.elts[0], constants)
                    is not None and n is not None and n <= MAX_LIST_GLOBAL):
                return True
    return False


def _bound_in_functions(tree: ast.Module) -> set[str]:
    """Names some function (or lambda) binds or deletes, or takes as a parameter."""
    out: set[str] = set()
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            out |= {a.arg for a in ast.walk(fn.args) if isinstance(a, ast.arg)}
            out |= {node.id for node in ast.walk(fn) if isinstance(node, ast.Name)
                    and isinstance(node.ctx, (ast.Store, ast.Del))}
    return out


def list_uses_outside_items(tree: Tree, name: str) -> Tree | None:
    """The first use of list global `name` in `tree` other than ``name[i]`` (read, assigned or
    augmented) and ``len(name)``: any other (``ys = name``, ``for v in name``, passing it) could
    alias or iterate it while calls change it, which the model (lists are values) would miss."""
    allowed: set[int] = set()
    uses: list[Tree] = []
    for node in walk(tree):
        if node.data == "var" and str(node.children[0]) == name:
            uses.append(node)
        elif node.data == "getitem" and isinstance(node.children[0], Tree):
            allowed.add(id(node.children[0]))
        elif (node.data == "funccall" and callee_name(node) == "len" and isinstance(node.children[1], Tree)
              and len(node.children[1].children) == 1 and isinstance(node.children[1].children[0], Tree)):
            allowed.add(id(node.children[1].children[0]))
    return next((u for u in uses if id(u) not in allowed), None)


class _Refused(Exception):
    """A call that cannot be inlined: why, and where."""

    def __init__(self, message: str, loc: Loc) -> None:
        super().__init__(message)
        self.message, self.loc = message, loc


def global_uses(functions: dict[str, FunctionLowerer]) -> None:
    """Set each function's `global_uses`: the globals it names or the functions it calls name, transitively."""
    calls = {name: {callee_name(n) for n in walk(fl.tree) if n.data == "funccall"} & set(functions)
             for name, fl in functions.items()}
    for fl in functions.values():
        fl.global_uses = set(fl.global_names)
    changed = True
    while changed:
        changed = False
        for name, fl in functions.items():
            more = set().union(*(functions[c].global_uses for c in calls[name])) - fl.global_uses
            if more:
                fl.global_uses |= more
                changed = True


def global_vars(name: str, start: Start) -> list[str]:
    """The IR variables of module global `name`."""
    return [name, length_name(name)] if isinstance(start, ListGlobal) else [name]


def inline_global_calls(functions: dict[str, FunctionLowerer], start: dict[str, Start]) -> None:
    """Inline every call to a function that uses globals (directly or through its calls), and every call
    whose returned tuple is unpacked (`TupleLowerer.tuple_call_values`), then set each global the function
    uses to its start on entry (see the module docstring)."""
    owner = {v: g for g, st in start.items() for v in global_vars(g, st)}
    sharing = {name for name, fl in functions.items() if fl.global_uses}
    sharing |= {callee for fl in functions.values() for callee in fl.inlined_calls}
    bodies = {name: called_body(fl.function) for name, fl in functions.items()}
    for name in sorted(sharing | {name for name, fl in functions.items() if fl.inlined_calls}):
        fl = functions[name]
        if fl.function.unsupported:
            continue
        inliner = _Inliner(functions, bodies, sharing, owner)
        try:
            _int_globals(fl, start)
            apart = _locals_apart(fl, owner)
            body = inliner.stmts(rename_stmts(bodies[name], apart), (name,))
        except _Refused as refused:
            fl.make_unsupported(refused.message, refused.loc)
            continue
        fn = fl.function
        lists = {owner[e.name] for s in all_stmts(body) for e in _exprs(s) if isinstance(e, Var) and e.name in owner
                 and isinstance(start[owner[e.name]], ListGlobal)}
        if lists - fl.global_uses:
            fl.make_unsupported(f"unsupported construct: the module list '{min(lists - fl.global_uses)}' used "
                                "through a call this analysis does not see", fn.loc)
            continue
        used = sorted({e.name for s in all_stmts(body) for e in _exprs(s) if isinstance(e, Var) and e.name in start}
                      | {s.target for s in all_stmts(body) if isinstance(s, Assign) and s.target in start})
        entry = [Assign(g, Const(start[g], MATH_INT, fn.loc), fn.loc) for g in used if isinstance(start[g], int)]
        assumed = [s for s in fn.body if isinstance(s, Assume) and s.entry]
        fn.body = assumed + entry + fl.global_entry + body
        fn.locals = {apart.get(v, v): ty for v, ty in fn.locals.items()}
        fn.locals = {**fn.locals, **inliner.locals, **{g: MATH_INT for g in used if isinstance(start[g], int)}}
        fn.globals_written = {owner[s.target]: s.loc for s in reversed(list(all_stmts(body)))
                              if isinstance(s, Assign) and s.target in owner}


def _int_globals(fl: FunctionLowerer, start: dict[str, Start]) -> None:
    for g in sorted(fl.global_names):
        if isinstance(start[g], int) and fl.function.locals.get(g) != MATH_INT:
            raise _Refused(f"unsupported construct: the global '{g}' holds a value other than an int in "
                           f"'{fl.name}'", fl.function.loc)


def _locals_apart(fl: FunctionLowerer, owner: dict[str, str]) -> dict[str, str]:
    """New names for the locals of `fl` named like a global (the inlined calls' globals keep their names)."""
    params = {p.name for p in fl.function.params}
    shadowing = [v for v in fl.function.variables if v in owner and owner[v] not in fl.global_names
                 and not fl.module.global_list(owner[v])]  # no function binds a module list's name
    for v in shadowing:
        if v in params:
            raise _Refused(f"unsupported construct: the parameter '{v}' of '{fl.name}' has the name of a module "
                           "global that its calls use", fl.function.loc)
    return {v: owner[v] + "#local" + v[len(owner[v]):] for v in shadowing}


def _exprs(s: Stmt) -> Iterator[Expr]:
    """Every expression of statement `s` itself (not of the statements nested in it)."""
    for value in vars(s).values():
        if isinstance(value, Expr):
            yield from subexpressions(value)


class _Inliner:
    """Inlines the calls to sharing functions in one function's body; `locals` collects the new variables."""

    def __init__(self, functions: dict[str, FunctionLowerer], bodies: dict[str, list[Stmt]],
                 sharing: set[str], owner: dict[str, str]) -> None:
        self.functions, self.bodies, self.sharing, self.owner = functions, bodies, sharing, owner
        self.locals: dict[str, object] = {}
        self.count = 0

    def stmts(self, stmts: list[Stmt], stack: tuple[str, ...]) -> list[Stmt]:
        out: list[Stmt] = []
        for s in stmts:
            call = _top_call(s)
            if call is not None and call.func in self.sharing:
                out += self.call(s, call, stack)
                continue
            changes = {k: self.stmts(v, stack) for k, v in vars(s).items()
                       if isinstance(v, list) and all(isinstance(x, Stmt) for x in v)}
            s = replace(s, **changes) if changes else s
            for e in _exprs(s):
                if isinstance(e, Call) and e.func in self.sharing:
                    raise _Refused(f"unsupported construct: a call of '{e.func}', which uses module globals, "
                                   "inside an expression", e.loc)
            out.append(s)
        return out

    def call(self, s: Stmt, call: Call, stack: tuple[str, ...]) -> list[Stmt]:
        """The statements of `s`, whose top expression is `call`, with the call inlined."""
        name = call.func
        callee = self.functions[name]
        why = "uses module globals" if callee.global_uses else "returns a tuple or list its caller uses"
        if name in stack:
            raise _Refused(f"unsupported construct: recursive call of '{name}', which {why}", call.loc)
        if len(stack) > MAX_INLINE_DEPTH:
            raise _Refused(f"unsupported construct: calls of functions that use module globals or return "
                           f"tuples nested deeper than {MAX_INLINE_DEPTH}", call.loc)
        fn = callee.function
        if fn.unsupported:
            raise _Refused(f"call to '{name}', which is outside the Python subset: {fn.unsupported}", call.loc)
        if callee.contract.conditions or callee.declared:
            raise _Refused(f"unsupported construct: a call of '{name}', which {why} and has a "
                           "contract or declares exceptions", call.loc)
        body = self.bodies[name]
        seen = ({e.name for s in all_stmts(body) for e in _exprs(s) if isinstance(e, Var)}
                | {s.target for s in all_stmts(body) if isinstance(s, Assign)} | {p.name for p in fn.params})
        plain = [v for v in sorted(seen) if not isinstance(fn.variables.get(v), (IntType, BoolType))
                 and v not in self.owner] if callee.global_uses else []
        if plain:
            raise _Refused(f"unsupported construct: a call of '{name}', which {why} and has the "
                           f"non-scalar variable '{plain[0]}' (only functions of ints and bools are inlined)",
                           call.loc)
        self.count += 1
        tag = f"@{self.count}"
        names = {v: v + tag for v in fn.variables
                 if v not in self.owner or (self.owner[v] not in callee.global_names
                                            and not callee.module.global_list(self.owner[v]))}
        names.update({v: "$ret" + tag + v[len(RESULT_LIST):] for v in names
                      if v == RESULT_LIST or v.startswith((RESULT_LIST + ".", RESULT_LIST + "#"))})
        for v, ty in fn.variables.items():
            if v in names:
                self.locals[names[v]] = ty
        body = self.stmts(rename_stmts(body, names), stack + (name,))
        body = [replace(x, name=x.name + tag) if isinstance(x, (Label, Goto)) else x for x in body]
        body = _relabel(body, tag)
        ret = f"$ret{tag}"
        end = f"$end{tag}"
        if fn.ret_type is not None:
            self.locals[ret] = fn.ret_type
        out: list[Stmt] = [Assign(names[p.name], arg, call.loc) for p, arg in zip(fn.params, call.args)]
        last = body[-1] if body else None
        if isinstance(last, Return) and not any(isinstance(x, Return) for x in all_stmts(body[:-1])):
            out += body[:-1] + _returned(last, ret)
        else:
            out += _returns(body, ret, end) + [Label(end, call.loc)]
        if isinstance(s, Assign) and isinstance(callee.result_type, TupleOf) and callee.returns_data:
            out += [Assign(_renamed_part(s.target, lambda base: item_name(base, k)),  # noqa: B023 (called at once)
                           Var(names[item_name(RESULT_LIST, k)], ty, call.loc), s.loc)
                    for k, ty in enumerate(callee.result_type.items)]
        elif isinstance(s, Assign) and isinstance(callee.result_type, ListOf) and callee.returns_data:
            array, length = RESULT_LIST, length_name(RESULT_LIST)
            out += [Assign(_renamed_part(s.target, returned_list), Var(names[array], fn.variables[array], call.loc),
                           s.loc),
                    Assign(_renamed_part(s.target, lambda base: length_name(returned_list(base))),
                           Var(names[length], MATH_INT, call.loc), s.loc)]
        elif isinstance(s, Assign):
            out.append(Assign(s.target, Var(ret, fn.ret_type or MATH_INT, call.loc), s.loc))
        elif isinstance(s, Return):
            out.append(Return(Var(ret, fn.ret_type or MATH_INT, call.loc), s.loc))
        return out


def _renamed_part(target: str, part: Callable[[str], str]) -> str:
    """The variable `part` names for inlined call temporary `target`, as renamed with it (``$tuplecall1@2``
    -> ``$tuplecall1.0@2`` for item 0): inlining appends its tag to every name."""
    base, at, tags = target.partition("@")
    return part(base) + at + tags


def _top_call(s: Stmt) -> Call | None:
    """The call that is the whole expression of an assignment, expression statement or return."""
    value = s.value if isinstance(s, (Assign, Return)) else s.expr if isinstance(s, ExprStmt) else None
    return value if isinstance(value, Call) else None


def _returned(r: Return, ret: str) -> list[Stmt]:
    return [Assign(ret, r.value, r.loc)] if r.value is not None else []


def _returns(stmts: list[Stmt], ret: str, end: str) -> list[Stmt]:
    """`stmts` with every return (nested ones too) a jump to `end` that sets `ret` first."""
    out: list[Stmt] = []
    for s in stmts:
        if isinstance(s, Return):
            out += _returned(s, ret) + [Goto(end, s.loc)]
            continue
        changes = {k: _returns(v, ret, end) for k, v in vars(s).items()
                   if isinstance(v, list) and all(isinstance(x, Stmt) for x in v)}
        out.append(replace(s, **changes) if changes else s)
    return out


def _relabel(stmts: list[Stmt], tag: str) -> list[Stmt]:
    """Labels and jumps of nested statements renamed apart (the top level is done by the caller)."""
    out: list[Stmt] = []
    for s in stmts:
        changes = {k: [replace(x, name=x.name + tag) if isinstance(x, (Label, Goto)) else x
                       for x in _relabel(v, tag)]
                   for k, v in vars(s).items() if isinstance(v, list) and all(isinstance(x, Stmt) for x in v)}
        out.append(replace(s, **changes) if changes else s)
    return out

