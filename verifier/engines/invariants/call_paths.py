"""Each path through a loop-free function, with its calls left as calls (for summaries).

`function_paths(program, name)` lowers one function without inlining: every
call becomes a *call site* whose arguments and result are terms of the path,
and the path is executed symbolically in the exact integer reading
(`int_reading.ExactIntEncoder`). A path records, in order, the calls it makes
(with the path condition under which each is made) and the checks that can
fail on it (with the calls made before the check), and where it ends its
return value. Checks are those of the inlining encoding, at the same source
locations, so their keys agree with `encode.encode`'s.

Only loop-free functions whose calls do not sit under ``&&``, ``||`` or
``?:`` are lowered (`NotSummarizable` otherwise): their paths can be listed,
at most `MAX_PATHS` of them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import z3

from ... import ir
from ...call_graph import callees
from ...cfa import Check, Eval, build_cfa
from ...encode import CheckKey, CheckSite
from ...errors import AnalysisUnsupported
from ...int_reading import ExactIntEncoder, int_convert, int_range, int_sort
from ...irutil import has_call
from ...smt import assumed_before

#: More paths than this through one function and it is not summarized (a
#: summary's clauses grow with them; recursive functions have a handful).
MAX_PATHS = 256
#: The `Nondet.name` that marks a call site's result in the lowered body.
CALL_MARK = "__summary_call:"


class NotSummarizable(AnalysisUnsupported):
    """The function has a loop, a jump, a call under a short-circuit operator, too many
    paths, or a value the integer reading cannot express."""


@dataclass
class CallSite:
    """A call on a path: `callee(args)` returns `result` (None for void callees),
    made when `guard` holds (over the function's inputs and earlier results)."""

    callee: str
    args: list[z3.ExprRef]
    result: z3.ExprRef | None
    result_type: ir.Type | None
    guard: z3.BoolRef


@dataclass
class Failure:
    """Check `site` fails on a path when `cond` holds, after the first `calls_before` calls."""

    site: CheckSite
    cond: z3.BoolRef
    calls_before: int


@dataclass
class Path:
    """One path: its calls in order, its failures, the condition under which it
    reaches the exit (false for a path that stops at an ``assume(false)``) and the
    value it returns there (None for void functions)."""

    calls: list[CallSite] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    exit_guard: z3.BoolRef | None = None
    returns: z3.ExprRef | None = None


@dataclass
class FunctionPaths:
    """A function's inputs (z3 constants named ``<function>!<param>``, with the facts
    that they are in their types' ranges) and its paths."""

    function: ir.Function
    params: list[z3.ExprRef]
    param_ranges: z3.BoolRef
    ret_sort: z3.SortRef | None
    paths: list[Path]


def function_paths(program: ir.Program, name: str) -> FunctionPaths:
    """The paths of `name` with calls as call sites (raises `NotSummarizable`)."""
    fn = program.functions[name]
    lowered, calls = _lift_function(program, fn)
    cfa = build_cfa(dataclasses.replace(program, functions={**program.functions, name: lowered}), name)
    if cfa.loops:
        raise NotSummarizable(f"{name} has a loop", fn.loc)
    current = {v: z3.Const(f"{name}!{v}", int_sort(t)) for v, t in cfa.variables.items()}
    params = [current[p.name] for p in fn.params]
    ranges = z3.And(z3.BoolVal(True), *[int_range(current[p.name], p.type) for p in fn.params])
    walker = _Walker(name, cfa, calls, current)
    paths = [walker.run(edges) for edges in _edge_paths(cfa, fn)]
    ret_sort = int_sort(fn.ret_type) if fn.ret_type is not None else None
    return FunctionPaths(fn, params, ranges, ret_sort, paths)


# ------------------------------------------------------------ lifting calls


@dataclass
class _CallInfo:
    callee: str
    arg_vars: list[str]
    result_var: str
    result_type: ir.Type | None


def _lift_function(program: ir.Program, fn: ir.Function) -> tuple[ir.Function, dict[str, _CallInfo]]:
    """`fn` with each call hoisted into assignments of its arguments to fresh
    variables and of a marked nondet value (the result) to another."""
    calls: dict[str, _CallInfo] = {}
    new_locals = dict(fn.locals)

    def lift(e: ir.Expr, out: list[ir.Stmt]) -> ir.Expr:
        if not has_call(e):
            return e
        if isinstance(e, ir.Ite) or (isinstance(e, ir.Binary) and e.op in ir.LOGIC_OPS):
            raise NotSummarizable("a call under &&, || or ?:", getattr(e, "loc", fn.loc))
        if isinstance(e, ir.Call):
            callee = program.functions.get(e.func)
            if callee is None or callee.unsupported or len(callee.params) != len(e.args):
                raise NotSummarizable(f"the call of {e.func} cannot be summarized", e.loc)
            args = [lift(a, out) for a in e.args]
            k = len(calls)
            arg_vars = []
            for i, (a, p) in enumerate(zip(args, callee.params)):
                var = f"__arg{k}_{i}"
                new_locals[var] = p.type
                out.append(ir.Assign(var, a if a.type == p.type else ir.Cast(a, p.type, e.loc), e.loc))
                arg_vars.append(var)
            result_type = callee.ret_type
            marker_type = result_type if result_type is not None else ir.BOOL
            result_var = f"__res{k}"
            new_locals[result_var] = marker_type
            out.append(ir.Assign(result_var, ir.Nondet(marker_type, f"{CALL_MARK}{k}", e.loc), e.loc))
            calls[f"{CALL_MARK}{k}"] = _CallInfo(e.func, arg_vars, result_var, result_type)
            if result_type is None:
                return ir.Const(0, e.type, e.loc)
            value = ir.Var(result_var, result_type, e.loc)
            return value if result_type == e.type else ir.Cast(value, e.type, e.loc)
        changes = {}
        for f in dataclasses.fields(e):
            value = getattr(e, f.name)
            if isinstance(value, ir.Expr):
                changes[f.name] = lift(value, out)
        return dataclasses.replace(e, **changes)

    def stmts(body: list[ir.Stmt]) -> list[ir.Stmt]:
        out: list[ir.Stmt] = []
        for s in body:
            if isinstance(s, (ir.While, ir.Label, ir.Goto)):
                raise NotSummarizable(f"{fn.name} has a loop or jump", getattr(s, "loc", fn.loc))
            if isinstance(s, ir.If):
                out.append(ir.If(lift(s.cond, out), stmts(s.then), stmts(s.other), s.loc))
            elif isinstance(s, ir.Assign):
                out.append(ir.Assign(s.target, lift(s.value, out), s.loc))
            elif isinstance(s, ir.ExprStmt):
                out.append(dataclasses.replace(s, expr=lift(s.expr, out)))  # keeps `holds_after`
            elif isinstance(s, ir.Return):
                out.append(ir.Return(None if s.value is None else lift(s.value, out), s.loc))
            elif isinstance(s, ir.Assert):
                out.append(ir.Assert(lift(s.cond, out), s.kind, s.text, s.loc))
            elif isinstance(s, ir.Assume):
                out.append(ir.Assume(lift(s.cond, out), s.loc))
            else:
                out.append(s)
        return out

    body = stmts(fn.body)
    return dataclasses.replace(fn, body=body, locals=new_locals), calls


# ----------------------------------------------------------- path execution


def _edge_paths(cfa, fn: ir.Function) -> list[list]:
    """Every edge path from the entry to the exit (the automaton is acyclic), or to an
    ``assume(false)`` (an exit of the program, the end of an order probe), after which
    nothing happens."""
    outgoing = cfa.outgoing()
    paths: list[list] = []
    stack: list[tuple[int, list]] = [(cfa.entry, [])]
    while stack:
        node, edges = stack.pop()
        if node == cfa.exit or (edges and _stops(edges[-1].action)):
            paths.append(edges)
            if len(paths) > MAX_PATHS:
                raise NotSummarizable(f"{fn.name} has more than {MAX_PATHS} paths", fn.loc)
            continue
        for e in outgoing.get(node, []):
            stack.append((e.dst, edges + [e]))
    return paths


def _stops(action) -> bool:
    return isinstance(action, ir.Assume) and isinstance(action.cond, ir.Const) and not action.cond.value


class _Walker:
    """Symbolic execution of one path at a time, in the exact integer reading."""

    def __init__(self, name: str, cfa, calls: dict[str, _CallInfo], current: dict[str, z3.ExprRef]) -> None:
        self.name, self.cfa, self.calls, self.current = name, cfa, calls, current
        self.encoder = ExactIntEncoder(self._nondet, in_order=cfa.operands_in_order)
        self.path = Path()
        self.facts: list[z3.BoolRef] = []
        self.fresh = 0

    def _nondet(self, node: ir.Nondet) -> z3.ExprRef:
        self.fresh += 1
        term = z3.Const(f"{self.name}!nd{self.fresh}", int_sort(node.type))
        if not node.name.startswith(CALL_MARK):
            self.facts.append(int_range(term, node.type))
        return term

    def run(self, edges: list) -> Path:
        self.path, self.fresh = Path(), 0
        guard: z3.BoolRef = z3.BoolVal(True)
        env = dict(self.current)
        for edge in edges:
            guard, env = self._step(edge.action, guard, env)
        stopped = bool(edges) and _stops(edges[-1].action)
        self.path.exit_guard = z3.BoolVal(False) if stopped else guard
        if self.cfa.ret_var is not None:
            value = env[self.cfa.ret_var]
            self.path.returns = z3.IntVal(0) if stopped and z3.is_int(value) else value  # a stopped path returns nothing
        return self.path

    def _step(self, action, guard, env):
        self.encoder.obligations, self.facts = [], []
        if action is None:
            return guard, env
        if isinstance(action, ir.Assign):
            value = self.encoder.expr(action.value, env, guard)
            guard = self._discharge(guard)
            target_type = self.cfa.variables[action.target]
            if action.value.type != target_type:
                value = int_convert(value, action.value.type, target_type)
            env = {**env, action.target: value}
            info = self.calls.get(getattr(action.value, "name", "")) if isinstance(action.value, ir.Nondet) else None
            if info is not None:
                args = [env[v] for v in info.arg_vars]
                result = value if info.result_type is not None else None
                self.path.calls.append(CallSite(info.callee, args, result, info.result_type, guard))
            return z3.And(guard, *self.facts), env
        if isinstance(action, ir.Assume):
            cond = self.encoder.expr(action.cond, env, guard)
            return z3.And(self._discharge(guard), cond, *self.facts), env
        if isinstance(action, Eval):
            self.encoder.expr(action.expr, env, guard)
            after = self._discharge(guard)
            return z3.And(after if action.holds_after else guard, *self.facts), env
        if isinstance(action, Check):
            cond = self.encoder.expr(action.cond, env, guard)
            guard = z3.And(self._discharge(guard), *self.facts)
            self._fail(CheckSite(action.kind, action.loc, action.text), guard, cond)
            return z3.And(guard, cond), env
        raise NotSummarizable(f"unknown action {type(action).__name__}", ir.NOWHERE)

    def _discharge(self, guard: z3.BoolRef) -> z3.BoolRef:
        obligations = self.encoder.obligations
        for ob in obligations:
            reach = z3.And(guard, *self.facts, ob.guard, *assumed_before(obligations, ob))
            self._fail(CheckSite(ob.kind, ob.loc, ob.text), reach, ob.safe)
        return z3.And(guard, *[ob.held for ob in obligations]) if obligations else guard

    def _fail(self, site: CheckSite, reach: z3.BoolRef, safe: z3.BoolRef) -> None:
        self.path.failures.append(Failure(site, z3.And(reach, z3.Not(safe)), len(self.path.calls)))


def failure_keys(paths: list[FunctionPaths]) -> set[CheckKey]:
    """The keys of every check that can fail in `paths`."""
    return {f.site.key for fp in paths for p in fp.paths for f in p.failures}


__all__ = ["CallSite", "Failure", "FunctionPaths", "NotSummarizable", "Path", "callees", "failure_keys",
           "function_paths", "MAX_PATHS", "CALL_MARK"]
