"""Lower a function of the IR into a control-flow automaton, inlining calls.

Nodes are integers; each edge carries one action (`Assign`, `Assume`,
`Check`, `Eval`). Loop heads are marked: together with the entry they are the
cut-points every cycle passes through, so the graph between cut-points is
acyclic (the engines encode it as large blocks). Calls are inlined with
renamed locals (``x@3``); recursion deeper than `MAX_INLINE_DEPTH` ends in a
``bound`` check, which the engines treat as "this analysis is incomplete
here" rather than as a property of the program.
"""

from __future__ import annotations

import dataclasses

from dataclasses import dataclass, field

from . import ir
from .errors import AnalysisUnsupported
from .irutil import assigned_vars, called_body, has_call, has_label, rename_expr, rename_stmts, subexpressions
from .jumps import loop_shapes
from .sequencing import is_order_probe

#: How many nested activations of one function are inlined. Deeper recursion is
#: cut off (a ``bound`` check): enough for recursion over small counters, and
#: the CFA stays small enough to encode in milliseconds.
MAX_INLINE_DEPTH = 6

BOUND_CHECK = "bound"


class CfaUnsupported(AnalysisUnsupported):
    """The function (or one it calls) could not be lowered: a call to an
    undefined function, an argument-count mismatch, nesting too deep to inline."""


@dataclass(frozen=True)
class Check:
    """A checked condition: failing it is an error of `kind` at `loc`. Later
    actions assume it held unless `holds_after` is false (a check whose
    siblings in one C expression may be evaluated before it)."""

    cond: ir.Expr
    kind: str
    loc: ir.Loc
    text: str = ""
    holds_after: bool = True


@dataclass(frozen=True)
class Eval:
    """Evaluate an expression only for its checks (e.g. `f(x);` after inlining).
    Later actions assume its checks held unless `holds_after` is false."""

    expr: ir.Expr
    holds_after: bool = True


Action = ir.Assign | ir.Assume | Check | Eval | None


@dataclass
class Edge:
    src: int
    dst: int
    action: Action
    line: int = 0


@dataclass
class Loop:
    """A loop head: its location and the variables its body (with step) assigns."""

    head: int
    loc: ir.Loc
    assigned: frozenset[str]
    cond: ir.Expr
    body_nodes: frozenset[int] = frozenset()


@dataclass
class Cfa:
    """A function as an automaton: `entry`, `exit`, `edges`, the `loops` by head node,
    every variable with its type, and the parameters (the inputs)."""

    function: ir.Function
    entry: int
    exit: int
    edges: list[Edge]
    loops: dict[int, Loop]
    variables: dict[str, ir.Type]
    params: list[ir.Param]
    ret_var: str | None
    node_count: int
    bounded_recursion: bool = False
    #: Python evaluates operands left to right; C leaves unsequenced ones open
    operands_in_order: bool = False

    def outgoing(self) -> dict[int, list[Edge]]:
        out: dict[int, list[Edge]] = {}
        for e in self.edges:
            out.setdefault(e.src, []).append(e)
        return out

    @property
    def cutpoints(self) -> list[int]:
        return [self.entry, *self.loops]


RET = "__ret"


class _Builder:
    def __init__(self, program: ir.Program) -> None:
        self.program = program
        self.edges: list[Edge] = []
        self.loops: dict[int, Loop] = {}
        self.variables: dict[str, ir.Type] = {}
        self.count = 0
        self.instances = 0
        self.temps = 0
        self.stack: list[str] = []
        self.bounded = False
        self.jumps = False  # some goto was lowered (see `cut_jump_cycles`)
        self.label_locs: dict[int, ir.Loc] = {}

    def node(self) -> int:
        self.count += 1
        return self.count - 1

    def edge(self, src: int, dst: int, action: Action, line: int = 0) -> None:
        self.edges.append(Edge(src, dst, action, line))

    def step(self, cur: int, action: Action, line: int = 0) -> int:
        nxt = self.node()
        self.edge(cur, nxt, action, line)
        return nxt

    def temp(self, type_: ir.Type) -> str:
        self.temps += 1
        name = f"__t{self.temps}"
        self.variables[name] = type_
        return name

    # ------------------------------------------------------------ statements

    def stmts(self, stmts: list[ir.Stmt], cur: int | None, ctx: _Ctx) -> int | None:
        for s in stmts:
            if cur is None:
                if not has_label([s]):
                    continue  # dead code after break/continue/return/goto
                cur = self.node()  # reached only through the label's jumps
            cur = self.stmt(s, cur, ctx)
        return cur

    def stmt(self, s: ir.Stmt, cur: int, ctx: _Ctx) -> int | None:
        line = getattr(s, "loc", ir.NOWHERE).line
        if isinstance(s, ir.Assign):
            value, cur = self.hoist(s.value, cur, ctx)
            return self.step(cur, ir.Assign(s.target, value, s.loc), line)
        if isinstance(s, ir.ExprStmt):
            value, cur = self.hoist(s.expr, cur, ctx)
            return self.step(cur, Eval(value, s.holds_after), line)
        if isinstance(s, ir.Assert):
            cond, cur = self.hoist(s.cond, cur, ctx)
            return self.step(cur, Check(cond, s.kind, s.loc, s.text), line)
        if isinstance(s, ir.Assume):
            cond, cur = self.hoist(s.cond, cur, ctx)
            return self.step(cur, ir.Assume(cond, s.loc), line)
        if is_order_probe(s):  # a choice that reads no input; concrete runs take the first edge
            ordinary, probe = self.node(), self.node()
            self.edge(cur, ordinary, None, line)
            self.edge(cur, probe, None, line)
            end = self.stmts(s.then, probe, ctx)  # ends in assume(false)
            if end is not None:
                self.edge(end, ordinary, None)
            return ordinary
        if isinstance(s, ir.If):
            cond, cur = self.hoist(s.cond, cur, ctx)
            cond, cur = self.read_once(cond, cur)
            then_start, else_start = self.node(), self.node()
            self.edge(cur, then_start, ir.Assume(cond, s.loc), line)
            self.edge(cur, else_start, ir.Assume(_negate(cond), s.loc), line)
            ends = [self.stmts(s.then, then_start, ctx), self.stmts(s.other, else_start, ctx)]
            ends = [e for e in ends if e is not None]
            if not ends:
                return None
            join = self.node()
            for e in ends:
                self.edge(e, join, None)
            return join
        if isinstance(s, ir.While):
            return self.loop(s, cur, ctx)
        if isinstance(s, ir.Label):
            target = ctx.labels.setdefault(s.name, self.node())
            self.label_locs[target] = s.loc
            self.edge(cur, target, None, line)
            return target
        if isinstance(s, ir.Goto):
            self.jumps = True
            self.edge(cur, ctx.labels.setdefault(s.name, self.node()), None, line)
            return None
        if isinstance(s, ir.Break):
            assert ctx.break_to is not None, "break outside a loop"
            self.edge(cur, ctx.break_to, None, line)
            return None
        if isinstance(s, ir.Continue):
            assert ctx.continue_to is not None, "continue outside a loop"
            self.edge(cur, ctx.continue_to, None, line)
            return None
        if isinstance(s, ir.Return):
            if s.value is not None and ctx.ret_var is not None:
                value, cur = self.hoist(s.value, cur, ctx)
                cur = self.step(cur, ir.Assign(ctx.ret_var, value, s.loc), line)
            elif s.value is not None:
                value, cur = self.hoist(s.value, cur, ctx)
                cur = self.step(cur, Eval(value), line)
            self.edge(cur, ctx.return_to, None, line)
            return None
        raise CfaUnsupported(f"unsupported statement {type(s).__name__}", getattr(s, "loc", ir.NOWHERE))

    def loop(self, s: ir.While, cur: int, ctx: _Ctx) -> int:
        head = self.node()
        self.edge(cur, head, None)
        first_node = self.count
        cond, cond_end = self.hoist(s.cond, head, ctx)
        cond, cond_end = self.read_once(cond, cond_end)
        body_start, after = self.node(), self.node()
        self.edge(cond_end, body_start, ir.Assume(cond, s.loc), s.loc.line)
        self.edge(cond_end, after, ir.Assume(_negate(cond), s.loc), s.loc.line)
        step_start = self.node()
        inner = _Ctx(after, step_start, ctx.return_to, ctx.ret_var, ctx.labels)
        end = self.stmts(s.body, body_start, inner)
        if end is not None:
            self.edge(end, step_start, None)
        step_end = self.stmts(s.step, step_start, _Ctx(after, step_start, ctx.return_to, ctx.ret_var, ctx.labels))
        if step_end is not None:
            self.edge(step_end, head, None)
        body_nodes = set(range(first_node, self.count)) - {after}
        assigned = assigned_vars(s.body) | assigned_vars(s.step)
        # temporaries and inlined variables written inside the loop count as assigned
        assigned |= {e.action.target for e in self.edges
                     if isinstance(e.action, ir.Assign) and e.src in body_nodes | {head}}
        self.loops[head] = Loop(head, s.loc, frozenset(assigned), s.cond, frozenset(body_nodes))
        return after

    # ----------------------------------------------------------- expressions

    def read_once(self, cond: ir.Expr, cur: int) -> tuple[ir.Expr, int]:
        """A branch condition that reads nondet values is stored first, so both
        branch edges test the same values."""
        if not nondet_nodes(ir.Assume(cond)):
            return cond, cur
        flag = self.temp(ir.BOOL)
        cur = self.step(cur, ir.Assign(flag, cond, getattr(cond, "loc", ir.NOWHERE)), getattr(cond, "loc", ir.NOWHERE).line)
        return ir.Var(flag, ir.BOOL, getattr(cond, "loc", ir.NOWHERE)), cur

    def hoist(self, expr: ir.Expr, cur: int, ctx: _Ctx) -> tuple[ir.Expr, int]:
        """Replace calls in `expr` by their inlined results; short-circuit
        operators and conditionals containing calls become control flow."""
        if not has_call(expr):
            return expr, cur
        if isinstance(expr, ir.Call):
            args = []
            for a in expr.args:
                a2, cur = self.hoist(a, cur, ctx)
                args.append(a2)
            return self.inline(expr, args, cur, ctx)
        if isinstance(expr, ir.Binary) and expr.op in ("land", "lor"):
            left, cur = self.hoist(expr.left, cur, ctx)
            result = self.temp(ir.BOOL)
            eval_right, short, join = self.node(), self.node(), self.node()
            take_right = left if expr.op == "land" else _negate(left)
            self.edge(cur, eval_right, ir.Assume(take_right, expr.loc), expr.loc.line)
            self.edge(cur, short, ir.Assume(_negate(take_right), expr.loc), expr.loc.line)
            right, right_end = self.hoist(expr.right, eval_right, ctx)
            self.edge(self.step(right_end, ir.Assign(result, right, expr.loc)), join, None)
            short_value = ir.Const(0 if expr.op == "land" else 1, ir.BOOL)
            self.edge(self.step(short, ir.Assign(result, short_value, expr.loc)), join, None)
            return ir.Var(result, ir.BOOL, expr.loc), join
        if isinstance(expr, ir.Ite):
            cond, cur = self.hoist(expr.cond, cur, ctx)
            result = self.temp(expr.type)
            then_start, else_start, join = self.node(), self.node(), self.node()
            self.edge(cur, then_start, ir.Assume(cond, expr.loc), expr.loc.line)
            self.edge(cur, else_start, ir.Assume(_negate(cond), expr.loc), expr.loc.line)
            for start, branch in ((then_start, expr.then), (else_start, expr.other)):
                value, end = self.hoist(branch, start, ctx)
                self.edge(self.step(end, ir.Assign(result, value, expr.loc)), join, None)
            return ir.Var(result, expr.type, expr.loc), join
        # any other node: hoist children left to right
        children = {f.name: getattr(expr, f.name) for f in dataclasses.fields(expr)
                    if isinstance(getattr(expr, f.name), ir.Expr)}
        cur = self.check_siblings_of_calls(list(children.values()), cur)
        changes = {}
        for name, value in children.items():
            changes[name], cur = self.hoist(value, cur, ctx)
        return dataclasses.replace(expr, **changes), cur

    def check_siblings_of_calls(self, operands: list[ir.Expr], cur: int) -> int:
        """The inlined calls of an expression run before its other operands, which
        are evaluated in the last action. Python evaluates an operand left of a call
        before the call, so its checks come first and hold after. C may run a call
        before or after its sibling operands, so their checks are also made before
        the call without the call's checks assumed, and the call's checks do not
        assume them either (`holds_after` false). Operands that draw nondet values
        are not evaluated twice."""
        in_order = self.program.language == "python"
        calls = [i for i, e in enumerate(operands) if has_call(e)]
        if not calls:
            return cur
        for i, e in enumerate(operands):
            if (has_call(e) or (in_order and i > calls[0]) or isinstance(e, (ir.Var, ir.Const))
                    or nondet_nodes(Eval(e))):
                continue
            cur = self.step(cur, Eval(e, holds_after=in_order), getattr(e, "loc", ir.NOWHERE).line)
        return cur

    def inline(self, call: ir.Call, args: list[ir.Expr], cur: int, ctx: _Ctx) -> tuple[ir.Expr, int]:
        callee = self.program.functions.get(call.func)
        if callee is None:
            raise CfaUnsupported(f"call to undefined function {call.func}", call.loc)
        if callee.unsupported:
            raise CfaUnsupported(f"{callee.unsupported} (in called function {callee.name})", callee.unsupported_loc)
        if len(args) != len(callee.params):
            raise CfaUnsupported(f"{call.func} takes {len(callee.params)} arguments, {len(args)} given", call.loc)
        if self.stack.count(callee.name) >= MAX_INLINE_DEPTH:
            self.bounded = True
            cut = self.step(cur, Check(ir.Const(0, ir.BOOL), BOUND_CHECK, call.loc,
                                       f"recursion deeper than {MAX_INLINE_DEPTH} calls of {call.func}"))
            dead = self.step(cut, ir.Assume(ir.Const(0, ir.BOOL)))
            return ir.Const(0, call.type), dead
        self.instances += 1
        names = {name: f"{name}@{self.instances}" for name in callee.variables}
        for name, type_ in callee.variables.items():
            self.variables[names[name]] = type_
        ret_var = None
        if callee.ret_type is not None:
            ret_var = f"{RET}@{self.instances}"
            self.variables[ret_var] = callee.ret_type
        if self.program.language != "python" and len(args) > 1:  # C evaluates arguments in any order
            cur = self.check_siblings_of_calls([*args[1:], call], cur)
        for p, a in zip(callee.params, args):
            cur = self.step(cur, ir.Assign(names[p.name], a, call.loc), call.loc.line)
        done = self.node()
        self.stack.append(callee.name)
        end = self.stmts(rename_stmts(called_body(callee), names), cur, _Ctx(None, None, done, ret_var))
        self.stack.pop()
        if end is not None:
            self.edge(end, done, None)
        if ret_var is None:
            return ir.Const(0, call.type), done
        return ir.Var(ret_var, callee.ret_type, call.loc), done


@dataclass
class _Ctx:
    break_to: int | None
    continue_to: int | None
    return_to: int
    ret_var: str | None
    labels: dict[str, int] = field(default_factory=dict)  # of the function instance


def _negate(cond: ir.Expr) -> ir.Expr:
    if isinstance(cond, ir.Unary) and cond.op == "not":
        return cond.arg
    return ir.Unary("not", cond, ir.BOOL, getattr(cond, "loc", ir.NOWHERE))


def nondet_nodes(action: Action) -> list[ir.Nondet]:
    """The `Nondet` nodes of an edge's action in a fixed (pre-)order: their
    index names the value's site, the same in the encoding and the interpreter."""
    expr = None
    if isinstance(action, ir.Assign):
        expr = action.value
    elif isinstance(action, (ir.Assume, Check)):
        expr = action.cond
    elif isinstance(action, Eval):
        expr = action.expr
    if expr is None:
        return []
    return [e for e in subexpressions(expr) if isinstance(e, ir.Nondet)]


def site_name(edge_index: int, position: int) -> str:
    """The z3 name of the `position`-th nondet value read on edge `edge_index`."""
    return f"nd!{edge_index}.{position}"


def cut_jump_cycles(edges: list[Edge], loops: dict[int, Loop], entry: int, count: int,
                    variables: dict[str, ir.Type], label_locs: dict[int, ir.Loc],
                    where: ir.Loc) -> dict[int, Loop]:
    """The loops of an automaton with gotos: the structured ones with shapes
    valid despite the jumps, and one per cycle of jumps (at the jump's label;
    its condition is `true`, the exits are inside the body)."""
    shapes = loop_shapes(edges, {h: loop.body_nodes for h, loop in loops.items()}, entry, count,
                         variables)
    result: dict[int, Loop] = {}
    for head, shape in sorted(shapes.items()):
        old = loops.get(head)
        if old is None:
            loc = label_locs.get(head) or next((ir.Loc(where.file, e.line, 0) for e in edges
                                                if e.dst == head and e.line), where)
            result[head] = Loop(head, loc, shape.assigned, ir.Const(1, ir.BOOL, loc), shape.body)
        else:
            result[head] = Loop(head, old.loc, old.assigned | shape.assigned, old.cond, shape.body)
    return result


def build_cfa(program: ir.Program, function: str) -> Cfa:
    """The automaton of `function` with every call inlined.

    Raises `CfaUnsupported` if the function or one it calls cannot be lowered."""
    fn = program.functions[function]
    if fn.unsupported:
        raise CfaUnsupported(fn.unsupported, fn.unsupported_loc)
    b = _Builder(program)
    b.stack.append(fn.name)
    b.variables.update(fn.variables)
    entry, exit_ = b.node(), b.node()
    ret_var = RET if fn.ret_type is not None else None
    if ret_var:
        b.variables[ret_var] = fn.ret_type
    try:
        end = b.stmts(fn.body, entry, _Ctx(None, None, exit_, ret_var))
    except RecursionError:  # the frontends bound nesting; inlined calls can still add up
        raise CfaUnsupported("unsupported construct: statements nested too deeply through inlined calls",
                             fn.loc) from None
    if end is not None:
        b.edge(end, exit_, None, fn.end_line)
    loops = b.loops
    if b.jumps:
        loops = cut_jump_cycles(b.edges, b.loops, entry, b.count, b.variables, b.label_locs, fn.loc)
    return Cfa(fn, entry, exit_, b.edges, loops, b.variables, list(fn.params), ret_var, b.count, b.bounded,
               operands_in_order=program.language == "python")


__all__ = ["Cfa", "Check", "Eval", "Edge", "Loop", "CfaUnsupported", "build_cfa", "BOUND_CHECK", "rename_expr"]
