"""One side of an equivalence check: a function as large blocks over z3 terms.

`encode_side(program, function, tag, mode)` builds the function's automaton
(calls inlined, `cfa.build_cfa`), prepares it for comparison and executes it
symbolically between cut-points (the entry and the loop heads), as
`verifier.encode` does for `prove`, into `Block`s (guard and update) and
`ErrorExit`s (a check that fails, by kind). Two encodings of integers:

- ``int``: every integer is a z3 Int. Fixed-width C arithmetic stays exact:
  a signed operation's result is checked to be in range (the ``overflow``
  check C's bit-precise semantics has), unsigned results and narrowing
  conversions wrap modulo 2^n, comparisons compare the values. On every
  execution that passes its checks this gives the same values as the
  bit-vector reading, and it is what Horn solvers handle best; Python code
  (unbounded ints) is always read this way. Operations with no exact
  linear-arithmetic reading (``|``, ``^``, ``&`` with a non-mask, shifts by a
  variable amount) raise `EncodeUnsupported`: the caller then uses ``bv``.
- ``bv``: C integers are bit-vectors (`smt.TermEncoder`), Python ints are Ints.

Preparation of the automaton (invariants the product relies on):

- a nondeterministic value (an uninitialised C local, ``__VERIFIER_nondet_*``)
  whose variable is overwritten before it is read is replaced by 0; one that
  can be read makes the function unsupported (equivalence of nondeterministic
  functions is not defined here);
- a function that returns a value gets a ghost flag ``__returned``, set when
  a ``return`` runs, so falling off the end (Python's implicit ``None``) is an
  outcome of its own rather than an arbitrary value;
- variables are named ``s<tag>!<name>`` so the two sides never share a name.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import z3

from .. import ir
from ..cfa import BOUND_CHECK, Cfa, CfaUnsupported, Check, Edge, Eval, build_cfa
from ..encode import merge_states, region_order
from ..irutil import subexpressions
from ..smt import EncodeUnsupported, Obligation, TermEncoder, convert, sort_of

__all__ = ["Side", "Block", "ErrorExit", "encode_side", "SideUnsupported", "RETURNED", "int_range",
           "int_wrap", "value_sort"]

#: the ghost flag "a return statement ran" of value-returning functions
RETURNED = "__returned"


class SideUnsupported(Exception):
    """The function cannot be compared (unsupported construct, live nondet value)."""

    def __init__(self, message: str, loc: ir.Loc) -> None:
        super().__init__(message)
        self.loc = loc


@dataclass
class Block:
    """From cut-point `src` to `dst` (a cut-point or the exit): when `guard`
    holds, the next state is `update` (variables missing keep their value)."""

    src: int
    dst: int
    guard: z3.BoolRef
    update: dict[str, z3.ExprRef]


@dataclass
class ErrorExit:
    """From cut-point `src`, check `kind` at `loc` fails when `cond` holds."""

    src: int
    kind: str
    loc: ir.Loc
    text: str
    cond: z3.BoolRef


@dataclass
class Side:
    """A function encoded for comparison. `current` maps each variable to its
    z3 constant (the state at a cut-point); `live` lists, per cut-point and for
    the exit, the variables whose value can still matter there."""

    tag: str
    program: ir.Program
    function: ir.Function
    cfa: Cfa
    mode: str
    variables: dict[str, ir.Type]
    current: dict[str, z3.ExprRef]
    blocks: list[Block]
    errors: list[ErrorExit]
    live: dict[int, list[str]]

    @property
    def entry(self) -> int:
        return self.cfa.entry

    @property
    def exit(self) -> int:
        return self.cfa.exit

    @property
    def cutpoints(self) -> list[int]:
        return self.cfa.cutpoints

    @property
    def params(self) -> list[ir.Param]:
        return self.cfa.params

    @property
    def ret_var(self) -> str | None:
        return self.cfa.ret_var

    @property
    def has_loops(self) -> bool:
        return bool(self.cfa.loops)

    @property
    def kinds(self) -> set[str]:
        return {e.kind for e in self.errors}

    @property
    def prefix(self) -> str:
        """The prefix of this side's z3 names (SMT-LIB symbols must not start with a digit)."""
        return f"s{self.tag}"

    def sort(self, t: ir.Type) -> z3.SortRef:
        return value_sort(t, self.mode)

    def display(self, name: str) -> str:
        """A variable's name for people: source name (``$`` temporaries and
        inlined copies keep a marker) and the side's number."""
        from ..irutil import display_name

        if name == self.cfa.ret_var:
            base = "ret"
        elif name == RETURNED:
            base = "returned"
        else:
            base = display_name(name)
        return f"{base}_{self.tag}" if base[-1:].isdigit() else f"{base}{self.tag}"


def value_sort(t: ir.Type, mode: str) -> z3.SortRef:
    """The z3 sort of `t` in encoding `mode` (``int``: every integer is an Int)."""
    if mode == "int" and isinstance(t, ir.IntType):
        return z3.IntSort()
    return sort_of(t)


def int_range(term: z3.ArithRef, t: ir.Type) -> z3.BoolRef:
    """`term` (an Int) lies in the range of `t` (true for unbounded ints and BOOL)."""
    if not isinstance(t, ir.IntType) or t.bits is None:
        return z3.BoolVal(True)
    return z3.And(term >= t.min, term <= t.max)


def int_wrap(term: z3.ArithRef, t: ir.IntType) -> z3.ArithRef:
    """`term` reduced into `t`'s range as two's complement does."""
    assert t.bits is not None
    size = 1 << t.bits
    if not t.signed:
        return term % size
    half = 1 << (t.bits - 1)
    return (term + half) % size - half


def _contains(outer: ir.IntType, inner: ir.IntType) -> bool:
    if outer.bits is None:
        return True
    if inner.bits is None:
        return False
    return outer.min <= inner.min and inner.max <= outer.max


def int_convert(v: z3.ExprRef, src: ir.Type, dst: ir.Type) -> z3.ExprRef:
    """C's (and Python's) conversion between types, on the Int reading."""
    if src == dst:
        return v
    if isinstance(dst, ir.BoolType):
        return v if isinstance(src, ir.BoolType) else v != 0
    if isinstance(src, ir.BoolType):
        return z3.If(v, z3.IntVal(1), z3.IntVal(0))
    if _contains(dst, src):
        return v
    return int_wrap(v, dst)


def _is_bits(t: ir.Type) -> bool:
    return isinstance(t, ir.IntType) and t.bits is not None


class ExactIntEncoder(TermEncoder):
    """`TermEncoder` with fixed-width integers read as exact Ints (see the module
    docstring); the checks (kinds, texts, order) are those of the bit-vector reading."""

    @staticmethod
    def _mask(a: z3.ExprRef, b: z3.ExprRef) -> z3.ExprRef | None:
        """`a & b` when one side is a constant 2^k - 1: the other modulo 2^k (two's
        complement, so for negative values too), else None."""
        for mask, other in ((b, a), (a, b)):
            m = z3.simplify(mask)
            if z3.is_int_value(m) and m.as_long() >= 0 and (m.as_long() + 1) & m.as_long() == 0:
                return other % (m.as_long() + 1)
        return None

    def _const(self, e: ir.Const, env, guard) -> z3.ExprRef:
        if isinstance(e.type, ir.BoolType):
            return z3.BoolVal(bool(e.value))
        return z3.IntVal(e.type.wrap(e.value))

    def _cast(self, e: ir.Cast, env, guard) -> z3.ExprRef:
        return int_convert(self.expr(e.arg, env, guard), e.arg.type, e.type)

    def _unary(self, e: ir.Unary, env, guard) -> z3.ExprRef:
        t = e.type
        if e.op == "not" or not _is_bits(t):
            return super()._unary(e, env, guard)
        a = self.expr(e.arg, env, guard)
        if e.op == "neg":
            if t.signed:
                self._oblige("overflow", e.loc, guard, a != t.min, f"-{t.min} overflows")
                return -a
            return int_wrap(-a, t)
        if e.op == "bnot":
            return -a - 1 if t.signed else (t.max - a)
        raise EncodeUnsupported(f"unsupported operator {e.op}", e.loc)

    def _binary(self, e: ir.Binary, env, guard) -> z3.ExprRef:
        if e.op in ("land", "lor"):
            return super()._binary(e, env, guard)
        if e.op in ("eq", "ne", "lt", "le", "gt", "ge"):
            if not _is_bits(e.left.type):
                return super()._binary(e, env, guard)
            a = self.expr(e.left, env, guard)
            b = self.expr(e.right, env, guard)
            return {"eq": a == b, "ne": a != b, "lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b}[e.op]
        t = e.type
        if not _is_bits(t):
            if e.op == "band" and isinstance(t, ir.IntType):  # Python: x & (2^k - 1) is x mod 2^k
                masked = self._mask(self.expr(e.left, env, guard), self.expr(e.right, env, guard))
                if masked is not None:
                    return masked
            return super()._binary(e, env, guard)
        a = self.expr(e.left, env, guard)
        b = self.expr(e.right, env, guard)
        op, n = e.op, t.bits
        if op in ("add", "sub", "mul"):
            r = {"add": a + b, "sub": a - b, "mul": a * b}[op]
            if t.signed:
                self._oblige("overflow", e.loc, guard, int_range(r, t), f"signed {op} overflows {t}")
                return r
            return int_wrap(r, t)
        if op in ("div", "mod"):
            self._oblige("div-by-zero", e.loc, guard, b != 0, "division by zero")
            if t.signed:
                self._oblige("overflow", e.loc, guard, z3.Not(z3.And(a == t.min, b == -1)), f"{t.min} / -1 overflows")
            mag = z3.If(a >= 0, a, -a) / z3.If(b >= 0, b, -b)
            q = z3.If((a >= 0) == (b >= 0), mag, -mag)
            return q if op == "div" else a - b * q
        if op in ("shl", "shr"):
            count = z3.simplify(b)
            if not z3.is_int_value(count):
                raise EncodeUnsupported("shift by a variable amount (no exact integer reading)", e.loc)
            k = count.as_long()
            count_t = e.right.type
            in_range = 0 <= k < n if (isinstance(count_t, ir.IntType) and count_t.signed) else k < n
            self._oblige("shift", e.loc, guard, z3.BoolVal(in_range), "shift count negative or too large")
            if not in_range:
                return a
            if op == "shl":
                r = a * (1 << k)
                if t.signed:
                    self._oblige("shift", e.loc, guard, z3.And(a >= 0, r <= t.max),
                                 "left shift of a negative value or out of range")
                    return r
                return int_wrap(r, t)
            return a / (1 << k)  # floor division by 2^k: arithmetic shift for signed values
        if op == "band":
            masked = self._mask(a, b)
            if masked is not None:
                return masked
            raise EncodeUnsupported("'&' with an operand that is not a constant mask 2^k-1", e.loc)
        if op in ("bor", "bxor"):
            raise EncodeUnsupported(f"bitwise '{ {'bor': '|', 'bxor': '^'}[op] }' (no exact integer reading)", e.loc)
        if op in ("floordiv", "floormod"):
            raise EncodeUnsupported("floor division on fixed-width integers", e.loc)
        raise EncodeUnsupported(f"unsupported operator {op}", e.loc)


# --------------------------------------------------------------- preparation


def _expr_vars(e: ir.Expr, out: set[str]) -> bool:
    """Add the variables of `e` to `out`; True if `e` reads a nondet value."""
    found = False
    for x in subexpressions(e):
        if isinstance(x, ir.Var):
            out.add(x.name)
        elif isinstance(x, ir.Nondet):
            found = True
    return found


def _uses(action) -> tuple[set[str], str | None, bool]:
    """(variables read, variable written, reads a nondet value) of an edge action."""
    used: set[str] = set()
    if action is None:
        return used, None, False
    if isinstance(action, ir.Assign):
        nd = _expr_vars(action.value, used)
        return used, action.target, nd
    expr = action.expr if isinstance(action, Eval) else action.cond
    return used, None, _expr_vars(expr, used)


def _liveness(cfa: Cfa, at_exit: set[str]) -> dict[int, set[str]]:
    """Variables live at the start of each node (read before written on some path)."""
    live: dict[int, set[str]] = {n: set() for n in range(cfa.node_count)}
    live[cfa.exit] = set(at_exit)
    info = [(e, *_uses(e.action)) for e in cfa.edges]
    changed = True
    while changed:
        changed = False
        for e, used, written, _ in reversed(info):
            after = live[e.dst] - ({written} if written else set())
            new = live[e.src] | used | after
            if new != live[e.src]:
                live[e.src] = new
                changed = True
    return live


def prepare(cfa: Cfa) -> Cfa:
    """The automaton with dead nondet assignments zeroed and the `RETURNED` flag
    added (see the module docstring); raises `SideUnsupported` for a nondet
    value that can be read."""
    edges = list(cfa.edges)
    variables = dict(cfa.variables)
    entry, count = cfa.entry, cfa.node_count
    ret = cfa.ret_var
    if ret is not None:
        variables[RETURNED] = ir.BOOL
        new_edges: list[Edge] = []
        for e in edges:
            if isinstance(e.action, ir.Assign) and e.action.target == ret:
                mid = count
                count += 1
                new_edges.append(Edge(e.src, mid, e.action, e.line))
                new_edges.append(Edge(mid, e.dst, ir.Assign(RETURNED, ir.Const(1, ir.BOOL)), e.line))
            else:
                new_edges.append(e)
        new_entry = count
        count += 1
        new_edges.append(Edge(new_entry, entry, ir.Assign(RETURNED, ir.Const(0, ir.BOOL)), 0))
        edges, entry = new_edges, new_entry
    loops = dict(cfa.loops)
    prepared = dataclasses.replace(cfa, entry=entry, edges=edges, variables=variables, node_count=count, loops=loops)
    at_exit = {ret, RETURNED} if ret else set()
    live = _liveness(prepared, at_exit)
    final: list[Edge] = []
    for e in prepared.edges:
        used, written, nondet = _uses(e.action)
        if nondet:
            a = e.action
            if isinstance(a, ir.Assign) and isinstance(a.value, ir.Nondet) and a.target not in live[e.dst]:
                e = Edge(e.src, e.dst, ir.Assign(a.target, ir.Const(0, variables[a.target]), a.loc), e.line)
            else:
                loc = getattr(a, "loc", ir.NOWHERE)
                what = "an uninitialised variable" if isinstance(a, ir.Assign) and isinstance(a.value, ir.Nondet) \
                    and not a.value.name else "a nondeterministic value"
                raise SideUnsupported(f"{what} can be read (line {loc.line}): equivalence needs deterministic "
                                      "functions", loc)
        final.append(e)
    return dataclasses.replace(prepared, edges=final)


# ------------------------------------------------------------------ encoding


def encode_side(program: ir.Program, function: str, tag: str, mode: str) -> Side:
    """`function` of `program` as large blocks, variables named ``s<tag>!<name>``.

    Raises `SideUnsupported` (function outside the subset, live nondet value)
    and `EncodeUnsupported` (an operation `mode` cannot read exactly)."""
    fn = program.functions[function]
    try:
        cfa = prepare(build_cfa(program, function))
    except CfaUnsupported as exc:
        raise SideUnsupported(str(exc), exc.loc) from None
    if mode == "int" or program.language == "python":
        enc_mode = "int"
    else:
        enc_mode = "bv"
    current = {name: z3.Const(f"s{tag}!{name}", value_sort(t, enc_mode)) for name, t in cfa.variables.items()}

    def no_nondet(node: ir.Nondet) -> z3.ExprRef:
        raise SideUnsupported("a nondeterministic value", node.loc)

    encoder: TermEncoder = ExactIntEncoder(no_nondet) if enc_mode == "int" else TermEncoder(no_nondet)
    blocks, errors = _large_blocks(cfa, encoder, current, enc_mode)
    live = _liveness(cfa, {cfa.ret_var, RETURNED} if cfa.ret_var else set())
    live_at = {c: sorted(live[c]) for c in [*cfa.cutpoints, cfa.exit]}
    return Side(tag, program, fn, cfa, enc_mode, dict(cfa.variables), current, blocks, errors, live_at)


def _large_blocks(cfa: Cfa, encoder: TermEncoder, current: dict[str, z3.ExprRef], mode: str):
    outgoing = cfa.outgoing()
    cut = set(cfa.cutpoints)
    blocks: list[Block] = []
    errors: list[ErrorExit] = []
    for start in cfa.cutpoints:
        order = region_order(start, outgoing, cut, cfa.exit)
        incoming: dict[int, list] = {start: [(z3.BoolVal(True), dict(current))]}
        arrivals: dict[int, list] = {}
        for node in order:
            if node not in incoming:
                continue
            guard, env = merge_states(incoming.pop(node))
            for edge in outgoing.get(node, []):
                g, e = _apply(edge.action, guard, env, encoder, cfa, errors, start, mode)
                g = z3.simplify(g)
                if z3.is_false(g):
                    continue
                target = arrivals if (edge.dst in cut or edge.dst == cfa.exit) else incoming
                target.setdefault(edge.dst, []).append((g, e))
        for dst, arriving in arrivals.items():
            guard, env = merge_states(arriving)
            update = {name: z3.simplify(term) for name, term in env.items() if not term.eq(current[name])}
            blocks.append(Block(start, dst, z3.simplify(guard), update))
    return blocks, errors


def _convert(value, src: ir.Type, dst: ir.Type, mode: str):
    if src == dst:
        return value
    return int_convert(value, src, dst) if mode == "int" else convert(value, src, dst)


def _apply(action, guard, env, encoder: TermEncoder, cfa: Cfa, errors: list[ErrorExit], start: int, mode: str):
    """Execute one edge symbolically: the new guard and environment."""
    encoder.obligations = []
    if action is None:
        return guard, env
    if isinstance(action, ir.Assign):
        value = encoder.expr(action.value, env, guard)
        guard = _discharge(encoder.obligations, guard, errors, start)
        env = dict(env)
        env[action.target] = _convert(value, action.value.type, cfa.variables[action.target], mode)
        return guard, env
    if isinstance(action, ir.Assume):
        cond = encoder.expr(action.cond, env, guard)
        guard = _discharge(encoder.obligations, guard, errors, start)
        return z3.And(guard, cond), env
    if isinstance(action, Eval):
        encoder.expr(action.expr, env, guard)
        return _discharge(encoder.obligations, guard, errors, start), env
    if isinstance(action, Check):
        cond = encoder.expr(action.cond, env, guard)
        guard = _discharge(encoder.obligations, guard, errors, start)
        guard = _discharge([Obligation(action.kind, action.loc, z3.BoolVal(True), cond, action.text)],
                           guard, errors, start)
        return guard, env
    raise EncodeUnsupported(f"unknown action {type(action).__name__}", ir.NOWHERE)


def _discharge(obligations: list[Obligation], guard, errors: list[ErrorExit], start: int):
    """An error exit per obligation (the first failing one in evaluation order
    wins); returns `guard` strengthened by all of them holding."""
    for ob in obligations:
        fail = z3.simplify(z3.And(guard, ob.guard, z3.Not(ob.safe)))
        if not z3.is_false(fail):
            errors.append(ErrorExit(start, ob.kind, ob.loc, ob.text, fail))
        guard = z3.And(guard, z3.Implies(ob.guard, ob.safe))
    return guard


BOUND = BOUND_CHECK
