"""One side of an equivalence check: a function as large blocks over z3 terms.

`encode_side(program, function, tag, mode)` builds the function's automaton
(calls inlined, `cfa.build_cfa`), prepares it for comparison and encodes it
with `verifier.encode` into large blocks and error exits, in one of its two
readings of integers: ``int`` (exact Ints, `int_reading`; what Horn solvers
handle best, and Python code is always read this way) or ``bv`` (C integers
as bit-vectors, for operations with no exact Int reading).

Preparation of the automaton (invariants the product relies on):

- the choice that guards a check of the digits an int is written with
  (`digit_limit.DIGIT_CHECK`) is made as CPython makes it: the check is taken
  exactly when it fails;
- a nondeterministic value (an uninitialised C local, ``__VERIFIER_nondet_*``)
  whose variable is overwritten before it is read is replaced by 0; one that
  can be read makes the function unsupported (equivalence of nondeterministic
  functions is not defined here);
- a function that returns a value gets a ghost flag ``__returned``, set when
  a ``return`` runs, so falling off the end (Python's implicit ``None``) is an
  outcome of its own rather than an arbitrary value;
- variables are named ``s<tag>!<name>`` so the two sides never share a name;
- the `observed` variables (changed arguments, written globals, a returned
  list: `effects.outputs`) are live at the exit, where they are compared;
- in the integer reading, an element read from an array of a fixed-width C
  type is clamped into the type's range (`clamp_reads`): the encoding's
  arrays are maps to unbounded integers, and an input array holding an
  element no C object can hold would show differences (or block proofs)
  that no real input has. Every value stored is already in range (it is
  computed in the element's type), so the clamp changes nothing but the
  unconstrained initial contents, and an execution on any array is the
  execution on its clamped copy (`clamp_value` gives that copy, for a witness).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import z3

from .. import ir
from ..cfa import BOUND_CHECK, Cfa, CfaUnsupported, Check, Edge, Eval, build_cfa
from ..digit_limit import DIGIT_CHECK
from ..encode import READINGS, Block, ErrorExit, TransitionSystem, encode
from ..errors import AnalysisUnsupported
from ..irutil import subexpressions

__all__ = ["Side", "encode_side", "SideUnsupported", "RETURNED", "clamp_reads", "clamp_value"]

#: the ghost flag "a return statement ran" of value-returning functions
RETURNED = "__returned"


class SideUnsupported(AnalysisUnsupported):
    """The function cannot be compared (unsupported construct, live nondet value)."""


@dataclass
class Side:
    """A function encoded for comparison. `current` maps each variable to its
    z3 constant (the state at a cut-point); `live` lists, per cut-point and for
    the exit, the variables whose value can still matter there."""

    tag: str
    program: ir.Program
    function: ir.Function
    ts: TransitionSystem
    mode: str
    errors: list[ErrorExit]
    live: dict[int, list[str]]

    @property
    def cfa(self) -> Cfa:
        return self.ts.cfa

    @property
    def variables(self) -> dict[str, ir.Type]:
        return self.ts.variables

    @property
    def current(self) -> dict[str, z3.ExprRef]:
        return self.ts.current

    @property
    def blocks(self) -> list[Block]:
        return self.ts.blocks

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

    def sort(self, t: ir.Type) -> z3.SortRef:
        return READINGS[self.mode].sort(t)

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


def _resolved_digit_checks(edges: list[Edge]) -> list[Edge]:
    """`edges` with each `DIGIT_CHECK` choice made as CPython makes it: the check is taken exactly
    when it fails (``__t := not within``)."""
    out = {}
    for e in edges:
        out.setdefault(e.src, []).append(e)
    resolved = []
    for e in edges:
        a = e.action
        if isinstance(a, ir.Assign) and isinstance(a.value, ir.Nondet) and a.value.name == DIGIT_CHECK:
            taken = [t.dst for t in out.get(e.dst, []) if isinstance(t.action, ir.Assume)
                     and isinstance(t.action.cond, ir.Var) and t.action.cond.name == a.target]
            checks = [c.action for d in taken for c in out.get(d, []) if isinstance(c.action, Check)]
            if len(checks) == 1:
                e = Edge(e.src, e.dst, ir.Assign(a.target, ir.Unary("not", checks[0].cond, ir.BOOL), a.loc), e.line)
        resolved.append(e)
    return resolved


def prepare(cfa: Cfa, observed: tuple[str, ...] = ()) -> Cfa:
    """The automaton with dead nondet assignments zeroed and the `RETURNED` flag
    added (see the module docstring; `observed`: variables compared at the exit);
    raises `SideUnsupported` for a nondet value that can be read."""
    edges = _resolved_digit_checks(list(cfa.edges))
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
    at_exit = ({ret, RETURNED} if ret else set()) | set(observed)
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


def encode_side(program: ir.Program, function: str, tag: str, mode: str, observed: tuple[str, ...] = ()) -> Side:
    """`function` of `program` as large blocks, variables named ``s<tag>!<name>``;
    the `observed` variables are kept to the exit.

    Raises `SideUnsupported` (function outside the subset, live nondet value)
    and `EncodeUnsupported` (an operation `mode` cannot read exactly)."""
    fn = program.functions[function]
    missing = [n for n in observed if n not in fn.variables]
    if missing:
        raise SideUnsupported(f"the compared variable {missing[0]} is not one of the function's", fn.loc)
    reading = "int" if mode == "int" or program.language == "python" else "bv"
    try:
        cfa = prepare(build_cfa(program, function), observed)
    except CfaUnsupported as exc:
        raise SideUnsupported(exc.what, exc.loc) from None
    if reading == "int":
        cfa = clamp_reads(cfa)
    if program.language == "python":
        cfa = zero_fresh_lists(cfa, {p.name for p in fn.params})
    ts = encode(cfa, reading, prefix=f"s{tag}!", simplify=True)  # an SMT-LIB symbol must not start with a digit
    if ts.nondets:  # `prepare` leaves no nondet value that can be read: defensive
        raise SideUnsupported("a nondeterministic value", next(iter(ts.nondets.values())).node.loc)
    errors = [e for e in ts.errors if not z3.is_false(e.cond)]
    live = _liveness(cfa, ({cfa.ret_var, RETURNED} if cfa.ret_var else set()) | set(observed))
    live_at = {c: sorted(live[c]) for c in [*cfa.cutpoints, cfa.exit]}
    return Side(tag, program, fn, ts, reading, errors, live_at)


def zero_fresh_lists(cfa: Cfa, params: set[str]) -> Cfa:
    """A Python function's automaton whose local lists start as arrays of zeros (the interpreter's start).

    A list the function builds is an array variable never assigned whole (``[]`` sets its length to 0 and
    each append stores one element), so the encoding would start it from any array. Python reads only the
    elements below a list's length (every access is checked), so the elements beyond are no part of the
    behaviour, and two lists built alike are then the same array: what a product's invariant can say."""
    live = _liveness(cfa, set())[cfa.entry]
    fresh = sorted(n for n, t in cfa.variables.items() if isinstance(t, ir.ArrayType) and n not in params and n in live)
    if not fresh:
        return cfa
    edges, entry, count = list(cfa.edges), cfa.entry, cfa.node_count
    for name in fresh:
        edges.append(Edge(count, entry, ir.Assign(name, ir.Const(0, cfa.variables[name])), 0))
        entry, count = count, count + 1
    return dataclasses.replace(cfa, entry=entry, edges=edges, node_count=count)


def _bounded(t: ir.Type) -> bool:
    return isinstance(t, ir.IntType) and t.bits is not None


def clamp_value(value: int, t: ir.Type) -> int:
    """`value` moved into `t`'s range (the nearest end), as a clamped read sees it."""
    if not _bounded(t):
        return value
    return min(max(value, t.min), t.max)


def _clamped(e: ir.Expr) -> ir.Expr:
    """`e` with every read of a fixed-width element clamped into its type's range."""
    if isinstance(e, ir.Select):
        inner = dataclasses.replace(e, array=_clamped(e.array), index=_clamped(e.index))
        t = e.type
        if not _bounded(t):
            return inner
        raw = dataclasses.replace(inner, length=None)  # checked once, by `inner`
        low, high = ir.Const(t.min, t, e.loc), ir.Const(t.max, t, e.loc)
        below = ir.Binary("lt", inner, low, ir.BOOL, e.loc)
        above = ir.Binary("gt", raw, high, ir.BOOL, e.loc)
        return ir.Ite(below, low, ir.Ite(above, high, raw, t, e.loc), t, e.loc)
    changes = {}
    for name, value in vars(e).items():
        if isinstance(value, ir.Expr):
            changes[name] = _clamped(value)
        elif isinstance(value, tuple) and value and all(isinstance(v, ir.Expr) for v in value):
            changes[name] = tuple(_clamped(v) for v in value)
    return dataclasses.replace(e, **changes) if changes else e


def clamp_reads(cfa: Cfa) -> Cfa:
    """The automaton with every read of a fixed-width array element clamped (see the module docstring)."""
    edges = []
    for e in cfa.edges:
        a = e.action
        if a is not None:
            changes = {name: _clamped(v) for name, v in vars(a).items() if isinstance(v, ir.Expr)}
            a = dataclasses.replace(a, **changes) if changes else a
        edges.append(Edge(e.src, e.dst, a, e.line))
    return dataclasses.replace(cfa, edges=edges)


BOUND = BOUND_CHECK
