"""What a caller sees of a function besides its result value: arguments changed in place, globals, returned data.

The engines compare what two functions return (or how they fail). A C function that writes through a pointer or
array parameter (or a field of a struct pointer parameter), or a Python function that changes a list argument in
place, also has an effect on its caller: ``void f(int *p) { *p = 1; }`` and ``*p = 2;`` return alike. A C global
the function assigns is such an effect too (the model starts it from the program's initial value, as a fresh
program's first call sees it; the real runs call the function once in a fresh process). A Python function that
returns a list, tuple or str keeps the value in the IR's ``$result`` variables, not in a returned value.

`outputs(pa, fa, pb, fb)` lines these up between the two sides (arguments by position, globals by name, the
returned data): each `Output` is compared at both exits like the result (`pairing.Pair.results_agree`), printed by
the real runs (`real_runs`) and read from the interpreter's final state (`confirm`). What cannot be lined up (a
dict changed in place, a global only one side names, a struct's array field) is `Outputs.missing`, with where it
first changes: such a pair is never a yes.

A Python parameter the body rebinds (``xs = xs + [1]``) no longer names the caller's list, so its IR variable's
final value is not what the caller sees: a rebinding that comes before anything could change the list (the
statements before it only read it) leaves the caller's list as it was; any other makes the argument missing.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from .. import ir
from ..frontends.python_constants import module_tree
from ..irutil import all_stmts, display_name, subexpressions

__all__ = ["Slot", "Output", "Outputs", "outputs", "returned_data", "RESULT"]

#: Python annotations whose values a callee can change in place (`str` and `tuple` cannot be)
MUTABLE_SHAPES = ("list", "dict", "set")
#: Python parameter shapes whose in-place changes are compared (a list of ints or truth values)
COMPARED_SHAPES = ("list[int]", "list[bool]")
#: The prefix of the IR variables that hold a Python function's returned list, tuple or str
RESULT = "$result"
#: A returned value's IR variable that `outputs` compares: the value, an item of a tuple, a list's length, the
#: None flag of an optional tuple (a nested list's or a dict's parts are not compared)
_RESULT_PART = re.compile(r"^\$result(\.\d+)?(#len|\.none)?$")
#: A C parameter the harness passes as its own object (a plain array or pointer; ``p->f`` is a field)
_FIELD = re.compile(r"\.|->|\[")


@dataclass(frozen=True)
class Slot:
    """Where one side holds a compared value at its exit: the variable `name`, and for an array the number of
    meaningful elements (`length`: a length variable's name or a fixed size; None for a scalar)."""

    name: str
    length: str | int | None = None

    @property
    def variables(self) -> list[str]:
        return [self.name] + ([self.length] if isinstance(self.length, str) else [])


@dataclass(frozen=True)
class Output:
    """One thing both sides leave for their caller: `key` names it alike in the real runs (``arg<k>``: the
    harness's k-th argument; ``global <g>``; ``result``), `label` for people."""

    key: str
    label: str
    a: Slot
    b: Slot


@dataclass
class Outputs:
    """The outputs both sides are compared on, and what changes but cannot be compared (``(what, where)``)."""

    compared: list[Output] = field(default_factory=list)
    missing: tuple[str, ir.Loc] | None = None

    def variables(self, side: str) -> list[str]:
        """The variables of side ``A`` or ``B`` that must be kept to its exit."""
        return [v for o in self.compared for v in (o.a if side == "A" else o.b).variables]


def outputs(pa: ir.Program, fa: str, pb: ir.Program, fb: str) -> Outputs:
    """What of `fa`'s and `fb`'s effects on their callers the comparison includes (see the module doc)."""
    out = Outputs()
    a, b = pa.functions[fa], pb.functions[fb]
    _arguments(pa, a, pb, b, out)
    _globals(pa, a, pb, b, out)
    _results(pa, a, pb, b, out)
    return out


# ------------------------------------------------------------------ arguments


def _arguments(pa: ir.Program, a: ir.Function, pb: ir.Program, b: ir.Function, out: Outputs) -> None:
    changes_a, changes_b = _changes(pa, a), _changes(pb, b)
    changed = {**changes_b, **changes_a}
    if not changed:
        return
    rebound = {**_rebound_positions(pb, b), **_rebound_positions(pa, a)}
    slot = -1
    for position, (p, q) in enumerate(zip(a.params, b.params)):
        if _is_length(p, a) and _is_length(q, b):
            continue
        slot += 1
        if position not in changed:
            continue
        label = f"the argument {_argument(p.name)}"
        if position in rebound:  # the caller keeps the object the parameter named before: not the final value
            out.missing = out.missing or (f"{label} (rebound at line {rebound[position].line})", changed[position])
            continue
        sa, sb = _slot(pa, a, p), _slot(pb, b, q)
        if sa is None or sb is None or (sa.length is None) != (sb.length is None) or p.type != q.type:
            out.missing = out.missing or (label, changed[position])
            continue
        out.compared.append(Output(f"arg{slot}", label, sa, sb))


def _changes(program: ir.Program, fn: ir.Function) -> dict[int, ir.Loc]:
    """The positions of `fn`'s IR parameters that it may change in place, and where it first may."""
    found: dict[str, ir.Loc] = {}
    for name in _by_reference(program, fn):
        if (change := _first_change(program, fn, {name}, set())) is not None:
            found[name] = change[1]
    # a list whose length alone changes (``xs.pop()``) is changed: its array's position counts
    return {i: found.get(p.name) or found[ir.length_name(p.name)] for i, p in enumerate(fn.params)
            if p.name in found or ir.length_name(p.name) in found}


def _is_length(p: ir.Param, fn: ir.Function) -> bool:
    return any(p.name == ir.length_name(q.name) for q in fn.params if isinstance(q.type, ir.ArrayType))


def _slot(program: ir.Program, fn: ir.Function, p: ir.Param) -> Slot | None:
    """How parameter `p`'s final contents are compared; None when they are not (a struct's array field, a
    Python dict or list of strings, a C linked list)."""
    names = {q.name for q in fn.params}
    if program.language == "python":
        shapes = program.replay_facts.get("shapes", {}).get(fn.name, {})
        if shapes.get(p.name) not in COMPARED_SHAPES or ir.length_name(p.name) not in names:
            return None
        return Slot(p.name, ir.length_name(p.name))
    if not isinstance(p.type, ir.ArrayType):
        return Slot(p.name) if "->" in p.name and not _FIELD.search(p.name.split("->", 1)[1]) else None
    if _FIELD.search(p.name) or not isinstance(p.type.elem, ir.IntType) or p.type.elem.bits is None:
        return None
    if p.type.size is not None:
        return Slot(p.name, p.type.size)
    return Slot(p.name, ir.length_name(p.name)) if ir.length_name(p.name) in names else None


def _by_reference(program: ir.Program, fn: ir.Function) -> set[str]:
    """The IR variables of `fn`'s parameters that the caller shares: what is written to them, it sees (a Python
    parameter rebound before anything could change it shares nothing)."""
    params = fn.params
    if program.language == "c":
        return {p.name for p in params if isinstance(p.type, ir.ArrayType) or "->" in p.name}
    shapes = program.replay_facts.get("shapes", {}).get(fn.name, {})
    mutable = {name for name, shape in shapes.items() if str(shape).startswith(MUTABLE_SHAPES)}
    if mutable:
        mutable -= {name for name, (clean, _line) in _rebindings(program, fn).items() if clean}
    return {p.name for p in params if _argument(p.name) in mutable}


def _rebound_positions(program: ir.Program, fn: ir.Function) -> dict[int, ir.Loc]:
    """Python: the positions of `fn`'s IR parameters whose source parameter the body rebinds (``xs = ...``), and
    where. Its IR variable then holds the new object, while the caller keeps the one it passed."""
    if program.language != "python":
        return {}
    rebound = _rebindings(program, fn)
    return {i: ir.Loc(fn.loc.file, rebound[_argument(p.name)][1], 1) for i, p in enumerate(fn.params)
            if _argument(p.name) in rebound}


#: Builtins that read a list argument without changing it (a call that may change it keeps it shared)
_READING_BUILTINS = frozenset({"len", "list", "sorted", "reversed", "tuple", "sum", "min", "max", "abs", "any",
                               "all", "enumerate", "zip", "range", "map", "filter", "set", "dict", "str", "int",
                               "bool"})
#: List methods that read their list
_READING_METHODS = frozenset({"copy", "count", "index"})


def _rebindings(program: ir.Program, fn: ir.Function) -> dict[str, tuple[bool, int]]:
    """Python: the parameters of `fn` its body rebinds (a plain name target; ``xs += ...`` changes a list in
    place), each with whether the rebinding is *clean* (a list of ints or truth values, which the body's
    statements only read up to a top-level ``xs = value`` whose value cannot change it either: the caller never
    sees a change) and the first line that rebinds it. A function whose definition cannot be found has all its
    parameters rebound, not cleanly."""
    names = {_argument(p.name) for p in fn.params}
    definition = _definition(program, fn)
    if definition is None:
        return {name: (False, fn.loc.line) for name in names}
    shapes = program.replay_facts.get("shapes", {}).get(fn.name, {})
    found: dict[str, tuple[bool, int]] = {}
    for name in names:
        lines = sorted(node.lineno for node in ast.walk(definition) if _rebinds(node, name))
        if lines:  # a list of lists or a dict may be changed through its items: never cleanly rebound
            clean = shapes.get(name) in COMPARED_SHAPES and _rebound_first(definition.body, name, program)
            found[name] = (clean, lines[0])
    return found


def _rebound_first(body: list[ast.stmt], name: str, program: ir.Program) -> bool:
    """The statements of `body`, in order, only read the list `name` up to one that rebinds it cleanly."""
    for stmt in body:
        if _clean_rebinding(stmt, name, program):
            return True
        if _names(stmt, name) and not _reads_only(stmt, name, program):
            return False
    return False


def _definition(program: ir.Program, fn: ir.Function) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    tree = module_tree(program.source)  # parsed once, though each comparison step asks for the outputs
    if tree is None:
        return None
    short = fn.name.rsplit(".", 1)[-1]
    return next((node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                 and node.name == short and node.lineno == fn.loc.line), None)


def _rebinds(node: ast.AST, name: str) -> bool:
    """`node` binds `name` anew (an assignment, loop or ``with`` target, ``:=``, ``del``, an import)."""
    if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, (ast.Store, ast.Del)):
        return True
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return any((alias.asname or alias.name.split(".")[0]) == name for alias in node.names)
    return isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name


def _names(node: ast.AST, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node)) or any(
        _rebinds(n, name) for n in ast.walk(node))


def _clean_rebinding(stmt: ast.stmt, name: str, program: ir.Program) -> bool:
    """`stmt` is ``name = value`` (or annotated), where `value` cannot change the list `name` names."""
    if isinstance(stmt, ast.Assign):
        targets, value = stmt.targets, stmt.value
    elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
        targets, value = [stmt.target], stmt.value
    else:
        return False
    if not all(isinstance(t, ast.Name) for t in targets) or name not in {t.id for t in targets}:
        return False
    if _may_be_itself(value, name):
        return False  # `xs = xs`, `xs = xs if c else []`, `xs = max(xs, [0])`: still the caller's list
    return _reads_only(value, name, program)


def _may_be_itself(expr: ast.expr, name: str) -> bool:
    """`expr` may evaluate to the very object `name` names (not a copy of it)."""
    if isinstance(expr, ast.Name):
        return expr.id == name
    if isinstance(expr, ast.IfExp):
        return _may_be_itself(expr.body, name) or _may_be_itself(expr.orelse, name)
    if isinstance(expr, ast.BoolOp):
        return any(_may_be_itself(v, name) for v in expr.values)
    if isinstance(expr, ast.NamedExpr):
        return _may_be_itself(expr.value, name)
    if isinstance(expr, ast.Subscript) and not isinstance(expr.slice, ast.Slice):
        return _names(expr.value, name)  # an item of a display or of a nested list holding it: `[xs][0]`
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id in ("min", "max"):
        return any(_names(arg, name) for arg in expr.args)  # one of the lists compared, itself
    return False


def _reads_only(node: ast.AST, name: str, program: ir.Program) -> bool:
    """`node` neither rebinds nor can change the list `name` names: no store into it or augmented assignment
    to it, and every call that sees it a builtin or list method that only reads."""
    for part in ast.walk(node):
        if _rebinds(part, name) or isinstance(part, (ast.NamedExpr, ast.Lambda, ast.FunctionDef, ast.ClassDef)):
            if _names(part, name):
                return False
        if isinstance(part, ast.AugAssign) and _names(part.target, name):
            return False
        if isinstance(part, ast.Subscript) and isinstance(part.ctx, (ast.Store, ast.Del)) and _names(part, name):
            return False
        if not isinstance(part, ast.Call):
            continue
        func = part.func
        parts = [*part.args, *(k.value for k in part.keywords)]
        if isinstance(func, ast.Name) and func.id in _READING_BUILTINS and func.id not in program.functions:
            parts = [arg for arg in parts if not _passes_items(arg, name)]  # the builtin reads the list
        elif not (isinstance(func, ast.Attribute) and func.attr in _READING_METHODS):
            parts.append(func)  # any other call may change what it is given, its own object included
        if any(_names(arg, name) for arg in parts):
            return False
    return True


def _passes_items(expr: ast.expr, name: str) -> bool:
    """`expr` is the list `name` itself or an item or slice of it: a reading builtin sees no more of it."""
    if isinstance(expr, ast.Subscript):
        expr = expr.value
    return isinstance(expr, ast.Name) and expr.id == name


def _argument(name: str) -> str:
    """The source parameter an IR variable belongs to (``xs`` of ``xs#len``, ``d`` of ``d.keys``; C's ``q->x``
    stays whole: it is what the function wrote)."""
    return display_name(name.split("#")[0].split(".")[0])


def _expressions(stmt: ir.Stmt) -> list[ir.Expr]:
    return [e for value in vars(stmt).values() for e in (value if isinstance(value, list) else [value])
            if isinstance(e, ir.Expr)]


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


# ------------------------------------------------------------------ globals


def _globals(pa: ir.Program, a: ir.Function, pb: ir.Program, b: ir.Function, out: Outputs) -> None:
    """Every global either side assigns, compared by name: both sides must keep it (a global only one side
    names has no value on the other to compare with)."""
    written = {**b.globals_written, **a.globals_written}
    if written and "python" in (pa.language, pb.language):  # the Python worker does not show module globals
        name, loc = min(written.items(), key=lambda item: (item[1].line, item[1].column))
        out.missing = out.missing or (f"the global {name}", loc)
        return
    for name in sorted(written, key=lambda g: (written[g].line, written[g].column, g)):
        ta, tb = a.locals.get(name), b.locals.get(name)
        slot = _global_slot(name, ta) if ta is not None and ta == tb else None
        if slot is None:
            out.missing = out.missing or (f"the global {name}", written[name])
            continue
        out.compared.append(Output(f"global {name}", f"the global {name}", slot, slot))


def _global_slot(name: str, t: ir.Type) -> Slot | None:
    """A scalar global, or an array of fixed size; None for what is not compared."""
    if not isinstance(t, ir.ArrayType):
        return Slot(name)
    if t.size is None or not isinstance(t.elem, ir.IntType) or t.elem.bits is None:
        return None
    return Slot(name, t.size)


# ------------------------------------------------------------------ returned data


def _results(pa: ir.Program, a: ir.Function, pb: ir.Program, b: ir.Function, out: Outputs) -> None:
    """A Python function's returned list, tuple or str: its ``$result`` variables, which every return must
    have set (see `returned_data`)."""
    ra, rb = (p.replay_facts.get("results", {}).get(f.name) for p, f in ((pa, a), (pb, b)))
    if ra is None and rb is None:
        return
    sa, sb = returned_data(pa, a.name), returned_data(pb, b.name)
    if ra != rb or sa is None or sb is None or [s.name for s in sa] != [s.name for s in sb]:
        where = a.loc if sa is None or ra is None else b.loc
        out.missing = out.missing or ("the returned value", where)
        return
    for x, y in zip(sa, sb):
        out.compared.append(Output("result", "the returned value", x, y))


def returned_data(program: ir.Program, function: str) -> list[Slot] | None:
    """The slots of a Python function's returned list, tuple or str (`RESULT`'s variables), or None when they
    are not all compared: a nested list or dict, or a path that returns without setting them all (``return
    None``, falling off the end)."""
    from ..cfa import CfaUnsupported, build_cfa

    fn = program.functions[function]
    parts = {n: t for n, t in fn.locals.items() if n.startswith(RESULT)}
    if not parts or any(not _RESULT_PART.match(n) for n in parts):
        return None
    try:
        cfa = build_cfa(program, function)
    except CfaUnsupported:
        return None
    if not set(parts) <= _assigned_at_exit(cfa):
        return None
    slots = []
    for name, t in sorted(parts.items()):
        if name.endswith("#len"):
            continue
        if isinstance(t, ir.ArrayType):
            if ir.length_name(name) not in parts or isinstance(t.elem, ir.ArrayType):
                return None
            slots.append(Slot(name, ir.length_name(name)))
        else:
            slots.append(Slot(name))
    return slots


def _assigned_at_exit(cfa) -> set[str]:
    """The variables every path from the entry to the exit of `cfa` assigns (a must-analysis)."""
    everything = set(cfa.variables)
    assigned: dict[int, set[str]] = {n: set(everything) for n in range(cfa.node_count)}
    assigned[cfa.entry] = set()
    changed = True
    while changed:
        changed = False
        for e in cfa.edges:
            if e.dst == cfa.entry:
                continue
            after = assigned[e.src] | ({e.action.target} if isinstance(e.action, ir.Assign) else set())
            new = assigned[e.dst] & after
            if new != assigned[e.dst]:
                assigned[e.dst] = new
                changed = True
    return assigned[cfa.exit]
