"""The `math` reading of a `bv` automaton, and invariants carried back to `bv`.

Spacer finds linear integer invariants far more often than bit-vector ones,
so for a fixed-width program the invariant search runs on a copy of its
automaton over unbounded integers in which every value is the *number* a C
variable holds (signed or unsigned, by its type):

- a signed `+ - *` (and `-x`, `/`) is computed exactly, after an explicit
  ``overflow`` check at the same source location (the same check key as the
  `bv` encoding's), so a proof there covers the `bv` overflow check too;
- unsigned arithmetic and narrowing or sign-changing conversions wrap
  explicitly (`? :` for one wrap, `%` for products);
- comparisons compare numbers, as C does after its conversions;
- shifts by a constant become multiplications or floor divisions, with the
  ``shift`` checks; bitwise operators on integers have no such reading, and
  the abstraction is then not offered (None).

Nondeterministic values are first stored in fresh variables (a checked
expression is evaluated twice: once in its check, once in the action), and so
is a compound value that one wrap reads five times (a pointer's offset plus an
index, both converted to unsigned and back: nested wraps would multiply the
expression, and its encoding's time, fivefold each); the ranges of every
variable and nondeterministic value are facts of the `HornView`.

Soundness does not rest on this construction alone: an invariant found here
is translated by `to_bitvectors.to_bv` into the `bv` transition system's own terms
(each number as a sign- or zero-extended bit-vector, wide enough that no
arithmetic in the invariant can wrap) and re-checked there as a certificate;
only when z3 cannot decide that (products of variables) is the certificate
this reading's own, after `agrees_on_samples` ran both automata side by side.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

import z3

from ... import ir
from ...arrays import ArrayValue
from ...branches import branch_aliases, branch_condition
from ...cfa import Cfa, Check, Edge, Eval, nondet_nodes, site_name
from ...encode import TransitionSystem, encode
from ...irutil import subexpressions
from ...sequencing import Sequencing
from ...smt import EncodeUnsupported, access_text
from .horn import HornView

__all__ = ["MathView", "math_view", "agrees_on_samples"]

_ARITH = ("add", "sub", "mul")
#: `agrees_on_samples` draws arrays of no fixed size with elements at this many indices.
SAMPLED_ELEMENTS = 8


class _NoReading(Exception):
    """An operation with no exact reading over unbounded integers."""


@dataclasses.dataclass
class MathView:
    """The `math` automaton's view, with the original type of every variable,
    the lowered automaton, and which original nondet site each of its sites reads."""

    view: HornView
    types: dict[str, ir.Type]
    cfa: Cfa
    site_map: dict[str, str]
    nondet_types: dict[str, ir.Type]


def math_view(ts: TransitionSystem) -> MathView | None:
    """The math abstraction of a `bv` transition system's automaton, or None
    when it has none (bitwise operators, shifts by variables, ...)."""
    cfa = ts.cfa
    try:
        lowered, types, nondet_types, site_map = _lower_cfa(cfa)
        mts = encode(lowered)
    except (_NoReading, EncodeUnsupported):
        return None
    facts = [_range(mts.current[name], t) for name, t in types.items() if name in mts.current]
    nd = []
    for site, info in mts.nondets.items():
        t = nondet_types.get(site)
        if t is not None:
            nd.append(_range(z3.Const(site, z3.IntSort() if isinstance(t, ir.IntType) else z3.BoolSort()), t))
    view = HornView(mts, _conj([f for f in facts if not z3.is_true(f)]),
                    _conj([f for f in nd if not z3.is_true(f)]))
    return MathView(view, types, lowered, site_map, nondet_types)


def _conj(fs: list[z3.BoolRef]) -> z3.BoolRef:
    if not fs:
        return z3.BoolVal(True)
    return fs[0] if len(fs) == 1 else z3.And(*fs)


def _range(term: z3.ExprRef, t: ir.Type) -> z3.BoolRef:
    if not isinstance(t, ir.IntType) or t.bits is None:
        return z3.BoolVal(True)
    return z3.And(term >= t.min, term <= t.max)


# ------------------------------------------------------------- the automaton


def _math_type(t: ir.Type) -> ir.Type:
    if isinstance(t, ir.ArrayType):
        return ir.ArrayType(_math_type(t.elem), t.size, ir.MATH_INT)
    return ir.MATH_INT if isinstance(t, ir.IntType) else t


def _lower_cfa(cfa: Cfa) -> tuple[Cfa, dict[str, ir.Type], dict[str, ir.Type], dict[str, str]]:
    types = dict(cfa.variables)
    edges: list[Edge] = []
    nondet_types: dict[str, ir.Type] = {}
    site_map: dict[str, str] = {}
    count = cfa.node_count
    temps = 0
    index = {id(e): i for i, e in enumerate(cfa.edges)}

    def fresh_node() -> int:
        nonlocal count
        count += 1
        return count - 1

    def prepare(action, edge_index: int) -> tuple[list[object], object]:
        """Hoist the nondets of `action`, lower it: (chain of pre-actions, lowered action)."""
        nonlocal temps
        chain: list[object] = []
        replace: dict[int, ir.Var] = {}
        for position, nd in enumerate(nondet_nodes(action)):
            temps += 1
            name = f"__nd{temps}"
            types[name] = nd.type
            replace[id(nd)] = ir.Var(name, nd.type, nd.loc)
            chain.append(("nondet", name, nd, site_name(edge_index, position)))
        if replace:
            action = _replace_nondets(action, replace)
        low = _Lower(fresh_temp)
        if isinstance(action, ir.Assign):
            new_action: object = ir.Assign(action.target, low.expr(action.value, None), action.loc)
        elif isinstance(action, ir.Assume):
            new_action = ir.Assume(low.expr(action.cond, None), action.loc)
        elif isinstance(action, Check):
            new_action = Check(low.expr(action.cond, None), action.kind, action.loc, action.text)
        elif isinstance(action, Eval):
            new_action = Eval(low.expr(action.expr, None), action.holds_after)
        elif action is None:
            new_action = None
        else:
            raise _NoReading(type(action).__name__)
        chain.extend(low.lets)
        chain.extend(low.check_actions(getattr(new_action, "holds_after", True)))
        return chain, new_action

    def fresh_temp() -> str:
        nonlocal temps
        temps += 1
        name = f"__w{temps}"
        types[name] = ir.MATH_INT
        return name

    def emit(src: int, dst: int, chain: list[object], line: int) -> None:
        cur = src
        for i, item in enumerate(chain):
            nxt = dst if i == len(chain) - 1 else fresh_node()
            if isinstance(item, tuple) and item and item[0] == "nondet":
                _, name, nd, original = item
                node = ir.Nondet(_math_type(nd.type), nd.name, nd.loc)
                nondet_types[site_name(len(edges), 0)] = nd.type
                site_map[site_name(len(edges), 0)] = original
                edges.append(Edge(cur, nxt, ir.Assign(name, node, nd.loc), line))
            else:
                edges.append(Edge(cur, nxt, item, line))
            cur = nxt

    done: set[int] = set()
    outgoing = cfa.outgoing()
    for edge in cfa.edges:
        if id(edge) in done:
            continue
        group = outgoing[edge.src]
        cond = branch_condition(group)
        if cond is None:
            chain, action = prepare(edge.action, index[id(edge)])
            emit(edge.src, edge.dst, chain + [action], edge.line)
            done.add(id(edge))
            continue
        # a branch: evaluate (and check) the condition once, then choose
        chain, lowered = prepare(ir.Assume(cond, group[0].action.loc), index[id(group[0])])
        mid = fresh_node()
        emit(edge.src, mid, chain + [None], edge.line)
        for e in group:
            c = lowered.cond if e.action.cond is cond else ir.Unary("not", lowered.cond, ir.BOOL, e.action.loc)
            edges.append(Edge(mid, e.dst, ir.Assume(c, e.action.loc), e.line))
            done.add(id(e))
    variables = {name: _math_type(t) for name, t in types.items()}
    params = [ir.Param(p.name, _math_type(p.type), p.loc) for p in cfa.params]
    lowered_cfa = Cfa(cfa.function, cfa.entry, cfa.exit, edges, cfa.loops, variables, params,
                      cfa.ret_var, count, cfa.bounded_recursion)
    return lowered_cfa, types, nondet_types, site_map


def _replace_nondets(action, replace: dict[int, ir.Var]):
    def fn(e: ir.Expr) -> ir.Expr | None:
        return replace.get(id(e)) if isinstance(e, ir.Nondet) else None

    from ...irutil import map_expr

    if isinstance(action, ir.Assign):
        return ir.Assign(action.target, map_expr(action.value, fn), action.loc)
    if isinstance(action, ir.Assume):
        return ir.Assume(map_expr(action.cond, fn), action.loc)
    if isinstance(action, Check):
        return Check(map_expr(action.cond, fn), action.kind, action.loc, action.text)
    if isinstance(action, Eval):
        return Eval(map_expr(action.expr, fn), action.holds_after)
    return action


def _c(value: int) -> ir.Const:
    return ir.Const(value, ir.MATH_INT)


def _b(op: str, a: ir.Expr, b: ir.Expr, loc: ir.Loc = ir.NOWHERE) -> ir.Expr:
    t = ir.BOOL if op in ir.COMPARE_OPS or op in ir.LOGIC_OPS else ir.MATH_INT
    return ir.Binary(op, a, b, t, loc)


def _in_range(v: ir.Expr, t: ir.IntType) -> ir.Expr:
    return _b("land", _b("ge", v, _c(t.min)), _b("le", v, _c(t.max)))


def _wrap(v: ir.Expr, t: ir.IntType, near: bool) -> ir.Expr:
    """`v` reduced into `t`'s range; `near`: v is within one period of it."""
    period = 1 << t.bits
    if near:
        over = ir.Ite(_b("gt", v, _c(t.max)), _b("sub", v, _c(period)), v, ir.MATH_INT)
        return ir.Ite(_b("lt", v, _c(t.min)), _b("add", v, _c(period)), over, ir.MATH_INT)
    shifted = _b("sub", v, _c(t.min)) if t.min else v
    m = _b("floormod", shifted, _c(period))
    return _b("add", m, _c(t.min)) if t.min else m


class _Lower:
    """Rewrites one expression over numbers, collecting its checks; each
    assumes only the checks sequenced before it (`verifier.sequencing`), and
    the values it stores in fresh variables first (`lets`)."""

    def __init__(self, fresh_temp: Callable[[], str]) -> None:
        self.fresh_temp = fresh_temp
        self.lets: list[ir.Assign] = []
        self.checks: list[Check] = []
        self.assumes: list[tuple[int, ...]] = []
        self.order = Sequencing()

    def check(self, guard: ir.Expr | None, cond: ir.Expr, kind: str, loc: ir.Loc, text: str) -> None:
        if guard is not None:
            cond = _b("lor", ir.Unary("not", guard, ir.BOOL, loc), cond)
        self.assumes.append(self.order.assumable(len(self.checks)))
        self.checks.append(Check(cond, kind, loc, text))

    def check_actions(self, hold_after: bool = True) -> list[object]:
        """The check edges, each assuming only what it may, then (if
        `hold_after`) the fact that all of them held: the end of the expression
        is a sequence point."""
        if not self.checks:
            return []
        actions: list[object] = []
        for check, assumes in zip(self.checks, self.assumes):
            cond = check.cond
            if assumes:
                before = _all([self.checks[i].cond for i in assumes])
                cond = _b("lor", ir.Unary("not", before, ir.BOOL, check.loc), cond)
            actions.append(Check(cond, check.kind, check.loc, check.text, holds_after=False))
        if not hold_after:
            return actions
        return [*actions, ir.Assume(_all([c.cond for c in self.checks]), self.checks[-1].loc)]

    def wrap(self, v: ir.Expr, t: ir.IntType, near: bool) -> ir.Expr:
        """`_wrap`, a compound `v` read from a fresh variable (it is total: pure
        arithmetic, evaluated even where the expression is not)."""
        if near and not isinstance(v, (ir.Var, ir.Const)) and not any(
                isinstance(x, (ir.Select, ir.Store)) for x in subexpressions(v)):
            name = self.fresh_temp()
            self.lets.append(ir.Assign(name, v, v.loc))
            v = ir.Var(name, ir.MATH_INT, v.loc)
        return _wrap(v, t, near)

    def expr(self, e: ir.Expr, guard: ir.Expr | None) -> ir.Expr:
        self.order.enter(len(self.checks))
        try:
            return self._expr(e, guard)
        finally:
            self.order.leave()

    def _expr(self, e: ir.Expr, guard: ir.Expr | None) -> ir.Expr:
        if isinstance(e, ir.Const):
            if isinstance(e.type, ir.IntType):
                return _c(e.type.wrap(e.value))
            return ir.Const(e.value, _math_type(e.type), e.loc)
        if isinstance(e, ir.Var):
            return ir.Var(e.name, _math_type(e.type), e.loc)
        if isinstance(e, ir.Nondet):
            raise _NoReading("nondet not hoisted")
        if isinstance(e, ir.Ite):
            first = len(self.checks)
            c = self.expr(e.cond, guard)
            done = list(range(first, len(self.checks)))
            a = self.order.after(done, lambda: self.expr(e.then, _and(guard, c)))
            b = self.order.after(done, lambda: self.expr(e.other, _and(guard, ir.Unary("not", c, ir.BOOL))))
            return ir.Ite(c, a, b, _math_type(e.type), e.loc)
        if isinstance(e, ir.Cast):
            return self.cast(e, guard)
        if isinstance(e, ir.Unary):
            return self.unary(e, guard)
        if isinstance(e, ir.Binary):
            return self.binary(e, guard)
        if isinstance(e, (ir.Select, ir.Store)):
            return self.access(e, guard)
        raise _NoReading(type(e).__name__)

    def access(self, e: ir.Select | ir.Store, guard) -> ir.Expr:
        """An array access over numbers: its bounds check an explicit check edge
        (after the stored value's own checks, as the encoder orders them)."""
        array, index = self.expr(e.array, guard), self.expr(e.index, guard)
        value = self.expr(e.value, guard) if isinstance(e, ir.Store) else None
        if e.length is not None:
            length = self.expr(e.length, guard)
            inside = _b("land", _b("le", _c(0), index), _b("lt", index, length))
            self.check(guard, inside, e.check, e.loc, access_text(e.check))
        if isinstance(e, ir.Select):
            return ir.Select(array, index, None, _math_type(e.type), e.check, e.loc)
        return ir.Store(array, index, value, None, _math_type(e.type), e.check, e.loc)

    def cast(self, e: ir.Cast, guard) -> ir.Expr:
        a = self.expr(e.arg, guard)
        src, dst = e.arg.type, e.type
        if isinstance(dst, ir.BoolType) or isinstance(src, ir.BoolType) or dst.bits is None:
            return ir.Cast(a, _math_type(dst), e.loc) if _math_type(src) != _math_type(dst) else a
        if src.bits is not None and dst.min <= src.min and src.max <= dst.max:
            return a
        period = 1 << dst.bits
        near = src.bits is not None and dst.min - period <= src.min and src.max <= dst.max + period
        return self.wrap(a, dst, near)

    def unary(self, e: ir.Unary, guard) -> ir.Expr:
        a = self.expr(e.arg, guard)
        if e.op == "not":
            return ir.Unary("not", a, ir.BOOL, e.loc)
        t = e.type
        if e.op == "neg":
            v = ir.Unary("neg", a, ir.MATH_INT, e.loc)
            if t.bits is None:
                return v
            if t.signed:
                self.check(guard, _in_range(v, t), "overflow", e.loc, f"-{t.min} overflows")
                return v
            return self.wrap(v, t, True)
        if e.op == "bnot":
            if t.bits is None or t.signed:
                return _b("sub", ir.Unary("neg", a, ir.MATH_INT), _c(1))
            return _b("sub", _c(t.max), a)
        raise _NoReading(e.op)

    def binary(self, e: ir.Binary, guard) -> ir.Expr:
        op = e.op
        if op in ("land", "lor"):
            first = len(self.checks)
            a = self.expr(e.left, guard)
            inner = a if op == "land" else ir.Unary("not", a, ir.BOOL)
            b = self.order.after(list(range(first, len(self.checks))), lambda: self.expr(e.right, _and(guard, inner)))
            return ir.Binary(op, a, b, ir.BOOL, e.loc)
        a = self.expr(e.left, guard)
        b = self.expr(e.right, guard)
        if op in ir.COMPARE_OPS:
            return ir.Binary(op, a, b, ir.BOOL, e.loc)
        t = e.type
        assert isinstance(t, ir.IntType)
        if t.bits is None:
            return ir.Binary(op, a, b, ir.MATH_INT, e.loc)
        if op in _ARITH:
            v = ir.Binary(op, a, b, ir.MATH_INT, e.loc)
            if t.signed:
                self.check(guard, _in_range(v, t), "overflow", e.loc, f"signed {op} overflows {t}")
                return v
            return self.wrap(v, t, op != "mul")
        if op in ("div", "mod"):
            # C truncation; the encoder's own division check is vacuous under `b != 0`
            nonzero = _b("ne", b, _c(0))
            self.check(guard, nonzero, "div-by-zero", e.loc, "division by zero")
            v = ir.Ite(nonzero, ir.Binary(op, a, b, ir.MATH_INT, e.loc), _c(0), ir.MATH_INT, e.loc)
            if t.signed:
                not_min_neg1 = ir.Unary("not", _b("land", _b("eq", a, _c(t.min)), _b("eq", b, _c(-1))), ir.BOOL)
                cond = _b("lor", _b("eq", b, _c(0)), not_min_neg1)
                self.check(guard, cond, "overflow", e.loc, f"{t.min} / -1 overflows")
            return v
        if op in ("shl", "shr"):
            if not isinstance(e.right, ir.Const):
                raise _NoReading("shift by a variable")
            k = e.right.value
            if not 0 <= k < t.bits:
                raise _NoReading("shift out of range")
            factor = _c(1 << k)
            if op == "shr":
                return _b("floordiv", a, factor)
            v = _b("mul", a, factor)
            if t.signed:
                ok = _b("land", _b("ge", a, _c(0)), _b("le", v, _c(t.max)))
                self.check(guard, ok, "shift", e.loc, "left shift of a negative value or out of range")
                return v
            return self.wrap(v, t, False)
        raise _NoReading(op)


def _all(conds: list[ir.Expr]) -> ir.Expr:
    result = conds[0]
    for c in conds[1:]:
        result = _b("land", result, c)
    return result


def _and(guard: ir.Expr | None, c: ir.Expr) -> ir.Expr:
    return c if guard is None else _b("land", guard, c)


# ------------------------------------------------ a differential self-check


def agrees_on_samples(ts: TransitionSystem, mv: MathView, runs: int = 24, seed: int = 0,
                      budget_s: float = 0.3) -> bool:
    """Run the original and the lowered automaton on the same sampled inputs
    and nondeterministic values (boundary values included, so overflows
    happen): they must fail the same check, or both return the same value.

    A cheap guard against a mistake in the lowering; the certificate's own
    re-check does not depend on it when the bit-vector obligations are decided."""
    import random

    from ...interpret import run_cfa

    rng = random.Random(seed)
    cfa = ts.cfa
    alias = branch_aliases(cfa)
    end = time.monotonic() + budget_s

    def draw(t: ir.Type):
        if isinstance(t, ir.ArrayType):
            count = min(t.size or SAMPLED_ELEMENTS, SAMPLED_ELEMENTS)
            return ArrayValue(draw(t.elem), {i: draw(t.elem) for i in range(count)})
        if isinstance(t, ir.BoolType):
            return rng.randint(0, 1)
        if t.bits is not None and rng.random() < 0.2:
            return rng.choice((t.min, t.max, t.min + 1, t.max - 1, 0, -1 if t.signed else 1))
        return t.wrap(rng.randint(-20, 60))

    for _ in range(runs):
        if time.monotonic() > end:
            break
        params = {p.name: draw(p.type) for p in cfa.params}
        values: dict[tuple[str, int], int] = {}

        def original(site: str, step: int, t: ir.Type) -> int:
            key = (alias.get(site, site), step)
            if key not in values:
                values[key] = draw(t)
            return values[key]

        def lowered(site: str, step: int, t: ir.Type) -> int:
            key = (mv.site_map.get(site, site), step)
            if key not in values:
                values[key] = draw(mv.nondet_types.get(site, t))
            return values[key]

        try:
            a = run_cfa(cfa, params, original, max_edges=1000)
            b = run_cfa(mv.cfa, params, lowered, max_edges=10000)
        except Exception:
            return False
        if a.out_of_steps or b.out_of_steps:
            continue
        fa = (a.failure[0], a.failure[1].line, a.failure[1].column) if a.failure else None
        fb = (b.failure[0], b.failure[1].line, b.failure[1].column) if b.failure else None
        if fa != fb or a.blocked != b.blocked or (a.finished and a.returned != b.returned):
            return False
    return True
