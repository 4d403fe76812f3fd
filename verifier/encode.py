"""A control-flow automaton as a transition system over its cut-points.

Between cut-points (the entry and the loop heads) the automaton is acyclic;
each stretch is symbolically executed into *large blocks*: for a source
cut-point and a target (another cut-point or the exit), a guard and an update
of every variable. Each check that can fail along the way becomes an *error
exit*: a source cut-point, the check, and the condition under which it fails.
An execution stops at its first failing check: the guards of blocks include
the safety of every check passed on the way.

Terms are over z3 constants named after the variables (the current state) and
``nd!<site>`` constants for nondeterministic values read during the block; the
engines rename both per step.

Two readings of fixed-width integers: ``bv`` (bit-vectors, `smt.TermEncoder`;
what `prove` and `terminates` use) and ``int`` (exact Ints,
`int_reading.ExactIntEncoder`; what `equiv` prefers). The third, ``math``,
is a rewrite of the automaton itself (`engines.invariants.math_reading`) encoded as ``bv``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import z3

from . import ir
from .cfa import BOUND_CHECK, Cfa, Check, Eval, nondet_nodes, site_name
from .check_sites import CheckKey, CheckSite, region_order
from .int_reading import ExactIntEncoder, int_convert, int_sort
from .int_reading_abstract import BitsAbstractedEncoder
from .smt import EncodeUnsupported, Obligation, TermEncoder, assumed_before, convert, sort_of


@dataclass
class Block:
    """From cut-point `src` to `dst` (a cut-point or the exit): when `guard`
    holds, the next state is `update` (variables missing from it keep their value)."""

    src: int
    dst: int
    guard: z3.BoolRef
    update: dict[str, z3.ExprRef]


@dataclass
class ErrorExit:
    """From cut-point `src`, check `key` fails when `cond` holds."""

    src: int
    key: CheckKey
    cond: z3.BoolRef
    reach: z3.BoolRef

    @property
    def kind(self) -> str:
        return self.key[0]


@dataclass
class NondetSite:
    site: str
    type: ir.Type
    node: ir.Nondet


@dataclass
class TransitionSystem:
    """The encoded function: state `variables` (name -> z3 sort), blocks,
    error exits, the nondet sites, and the checks by key."""

    cfa: Cfa
    variables: dict[str, ir.Type]
    blocks: list[Block]
    errors: list[ErrorExit]
    nondets: dict[str, NondetSite]
    checks: dict[CheckKey, CheckSite]
    entry: int
    exit: int
    cutpoints: list[int]
    current: dict[str, z3.ExprRef] = field(default_factory=dict)
    prefix: str = ""  # the start of every z3 name (see `encode`)
    reading: str = "bv"  # how integers are read: a key of `READINGS`

    def var(self, name: str) -> z3.ExprRef:
        return self.current[name]

    def nondet_const(self, site: str) -> z3.ExprRef:
        """The z3 constant nondet `site` reads in the blocks (named after `prefix`, of the reading's sort)."""
        return z3.Const(self.prefix + site, READINGS[self.reading].sort(self.nondets[site].type))


@dataclass(frozen=True)
class _Reading:
    """How one reading of integers builds terms, sorts and conversions."""

    encoder: type[TermEncoder]
    sort: Callable[[ir.Type], z3.SortRef]
    convert: Callable[[z3.ExprRef, ir.Type, ir.Type], z3.ExprRef]


READINGS = {"bv": _Reading(TermEncoder, sort_of, convert), "int": _Reading(ExactIntEncoder, int_sort, int_convert),
            # `int` with bitwise results over-approximated: unsatisfiability only (`int_reading_abstract`)
            "int-abstract-bits": _Reading(BitsAbstractedEncoder, int_sort, int_convert)}


def encode(cfa: Cfa, reading: str = "bv", *, prefix: str = "", simplify: bool = False) -> TransitionSystem:
    """Large-block encoding of `cfa` in `reading` (a key of `READINGS`); raises
    `EncodeUnsupported` on operations the reading cannot express. Every z3 name
    starts with `prefix`; `simplify` simplifies guards and updates as they are
    built (error exits are kept even when false: `reach` still matters)."""
    read = READINGS[reading]
    current = {name: z3.Const(prefix + name, read.sort(t)) for name, t in cfa.variables.items()}
    nondets: dict[str, NondetSite] = {}
    site_ids: dict[int, str] = {}

    def nondet_term(node: ir.Nondet) -> z3.ExprRef:
        site = site_ids[id(node)]
        nondets[site] = NondetSite(site, node.type, node)
        return z3.Const(prefix + site, read.sort(node.type))

    encoder = read.encoder(nondet_term, in_order=cfa.operands_in_order)
    outgoing = cfa.outgoing()
    edge_index = {id(e): i for i, e in enumerate(cfa.edges)}
    cut = set(cfa.cutpoints)
    blocks: list[Block] = []
    errors: list[ErrorExit] = []
    checks: dict[CheckKey, CheckSite] = {}

    for start in cfa.cutpoints:
        order = region_order(start, outgoing, cut, cfa.exit)
        incoming: dict[int, list[tuple[z3.BoolRef, dict[str, z3.ExprRef]]]] = {start: [(z3.BoolVal(True), dict(current))]}
        arrivals: dict[int, list[tuple[z3.BoolRef, dict[str, z3.ExprRef]]]] = {}
        for node in order:
            if node not in incoming:
                continue
            guard, env = merge_states(incoming.pop(node))
            for edge in outgoing.get(node, []):
                site_ids.clear()
                for position, nd in enumerate(nondet_nodes(edge.action)):
                    site_ids[id(nd)] = site_name(edge_index[id(edge)], position)
                g, e = _apply(edge.action, guard, env, encoder, read, cfa, errors, checks, start)
                if simplify:
                    g = z3.simplify(g)
                if z3.is_false(g):
                    continue
                target = arrivals if (edge.dst in cut or edge.dst == cfa.exit) else incoming
                target.setdefault(edge.dst, []).append((g, e))
        for dst, arriving in arrivals.items():
            guard, env = merge_states(arriving)
            update = {name: term for name, term in env.items() if not term.eq(current[name])}
            if simplify:
                guard, update = z3.simplify(guard), {name: z3.simplify(term) for name, term in update.items()}
            blocks.append(Block(start, dst, guard, update))
    return TransitionSystem(cfa, dict(cfa.variables), blocks, errors, nondets, checks,
                            cfa.entry, cfa.exit, list(cfa.cutpoints), current, prefix, reading)


def merge_states(arriving):
    """Join states arriving at one node: the guard is their disjunction, each
    variable an if-then-else over the arrivals (earlier arrivals win)."""
    if len(arriving) == 1:
        return arriving[0]
    guard = z3.Or([g for g, _ in arriving])
    last = arriving[-1][1]
    env: dict[str, z3.ExprRef] = {name: last[name] for name in arriving[0][1]}
    # most variables arrive as the very same term, found by identity first (an inlined recursion
    # has hundreds of variables and thousands of merges: z3's `eq` on each took seconds)
    differ = {name for _, e in arriving[:-1] for name, term in e.items() if term is not last[name]}
    for name in [n for n in env if n in differ]:  # in the variables' order: z3 makes the same terms as before
        terms = [e[name] for _, e in arriving]
        value = terms[-1]
        if all(t.eq(value) for t in terms):
            continue
        for (g, e) in reversed(arriving[:-1]):
            value = e[name] if e[name] is value or e[name].eq(value) else z3.If(g, e[name], value)
        env[name] = value
    return guard, env


def _apply(action, guard, env, encoder: TermEncoder, read: _Reading, cfa: Cfa, errors, checks, start):
    """Execute one edge symbolically: the new guard and environment."""
    encoder.obligations = []
    if action is None:
        return guard, env
    if isinstance(action, ir.Assign):
        value = encoder.expr(action.value, env, guard)
        guard = _discharge(encoder.obligations, guard, errors, checks, start, cfa)
        env = dict(env)
        env[action.target] = read.convert(value, action.value.type, cfa.variables[action.target]) \
            if action.value.type != cfa.variables[action.target] else value
        return guard, env
    if isinstance(action, ir.Assume):
        cond = encoder.expr(action.cond, env, guard)
        guard = _discharge(encoder.obligations, guard, errors, checks, start, cfa)
        return z3.And(guard, cond), env
    if isinstance(action, Eval):
        encoder.expr(action.expr, env, guard)
        after = _discharge(encoder.obligations, guard, errors, checks, start, cfa)
        return (after if action.holds_after else guard), env
    if isinstance(action, Check):
        cond = encoder.expr(action.cond, env, guard)
        guard = _discharge(encoder.obligations, guard, errors, checks, start, cfa)
        _discharge([Obligation(action.kind, action.loc, guard, cond, action.text)], guard, errors, checks, start,
                   cfa)
        return (z3.And(guard, cond) if action.holds_after else guard), env
    raise EncodeUnsupported(f"unknown action {type(action).__name__}", ir.NOWHERE)


#: Up to this many edges an error condition is simplified whole (path guard and check); past it only
#: the check's own condition is: the guard is as large as the path, and an inlined recursion's
#: thousands of edges made simplifying it at each of its checks take seconds (quadratic).
SIMPLIFIED_PATH_EDGES = 1000


def _discharge(obligations: list[Obligation], guard, errors, checks, start, cfa: Cfa):
    """Record an error exit per obligation (assuming only the obligations
    evaluated before it, `Obligation.assumes`) and return `guard` strengthened
    by all of them holding: the action's end is a sequence point."""
    for ob in obligations:
        site = CheckSite(ob.kind, ob.loc, ob.text)
        checks.setdefault(site.key, site)
        reach = z3.And(guard, ob.guard, *assumed_before(obligations, ob))
        if len(cfa.edges) <= SIMPLIFIED_PATH_EDGES:
            fail = z3.simplify(z3.And(reach, z3.Not(ob.safe)))
        else:
            unsafe = z3.simplify(z3.Not(ob.safe))
            fail = unsafe if z3.is_false(unsafe) else z3.And(reach, unsafe)
        errors.append(ErrorExit(start, site.key, fail, reach))  # kept when false: vacuity needs `reach`
    return z3.And(guard, *[ob.held for ob in obligations]) if obligations else guard


__all__ = ["Block", "CheckKey", "CheckSite", "ErrorExit", "READINGS", "TransitionSystem", "encode",
           "merge_states", "region_order", "BOUND_CHECK"]
