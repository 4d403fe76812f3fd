"""Find failing checks by running the automaton on sampled inputs (the sampling lane).

BMC unrolls a loop one iteration per step, so a bug that needs tens of
thousands of iterations (a running sum that overflows only once ``n >= 65537``)
is out of its reach; a concrete run gets there in a fraction of a second.
`run_sampling` runs the automaton, with the interpreter's semantics, on inputs
drawn from a mix of the types' boundary values (0, ±1, min, max, powers of two
and their neighbours), the program's own constants and their neighbours, small
values, values of the size of the run's budget (loop bounds it can get
through) and uniform random values; unbounded (math) integers are drawn as C
ints, so that witnesses of C programs replay. A value an ``assume`` bounds by
constants before anything can fail (``amount = __VERIFIER_nondet_int();
__VERIFIER_assume(amount >= 0 && amount <= 100)``, `assumed_ranges`) is drawn
the same way within those bounds: a value outside them only makes a run the
assume blocks, and a bug at the range's edge is met by the first draws.
Nondeterministic truth values (``unknown()``,
``__VERIFIER_nondet_int() != 0`` as a loop or branch condition) are coins
biased per run and per site, so loops both stop at once and run for thousands
of iterations. Each run has an edge budget; the budgets of a round grow level
by level (`LEVELS`: 10^3 ... 4*10^6 edges), so shallow runs come first, and
rounds repeat with fresh inputs until the deadline.

A run is evidence of a bug only when it stops at a failing check of `keys`:
a run cut by an assume (blocked), by its budget, or by a value too large to
compute says nothing. The witness holds the parameters and every nondet value
the run read, keyed ``site@step`` exactly as `interpret.run_cfa` asks for them,
so re-running it there reproduces the failure (`verify prove` does, then
replays it for real). The loop below is `run_cfa`'s without the trace (three
times faster); both evaluate edges with the interpreter's semantics
(`interpret.execute`). Draws come from a seeded `random.Random`: the same
seed gives the same runs, up to the last one, which the deadline may cut short.
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

from ... import ir
from ...arrays import ArrayValue, zero_of
from ...cfa import BOUND_CHECK, Cfa, nondet_nodes, site_name
from ...check_sites import CheckKey
from ...interpret import CheckFailed, Evaluator, execute
from ..invariants.sampled_invariants import program_constants
from ...result import Verdict
from ..outcome import SAMPLING_ENGINE, CheckOutcome, Witness
from .allocations import is_allocation_choice

if TYPE_CHECKING:
    from ...encode import TransitionSystem

__all__ = ["run_sampling", "sample_failures", "assumed_ranges", "LEVELS"]

#: One round of the schedule: (edge budget of each run, edges the level may
#: spend in all). A level ends when it has spent its share or made
#: `MAX_RUNS_PER_LEVEL` runs, so runs that end early leave room for more. At
#: the interpreter's ~700k edges per second, the first 10^6-edge run starts
#: within 0.4 s (BMC covers the shallow bugs; later rounds give them more runs).
LEVELS: tuple[tuple[int, int], ...] = ((1_000, 30_000), (10_000, 60_000), (100_000, 200_000),
                                       (1_000_000, 2_000_000), (4_000_000, 8_000_000))
MAX_RUNS_PER_LEVEL = 64
#: Edges per second assumed until runs have been timed (on the low side, so
#: that an early run cannot overshoot the deadline).
INITIAL_RATE = 100_000
#: Expected lengths of a biased coin's run of equal outcomes: a loop condition
#: true with probability 1 - 1/L runs about L times.
COIN_SPANS = (2, 10, 100, 1_000, 10_000, 100_000)
#: Unbounded (math) integers are drawn as values of this type: a witness for a
#: C program read with math semantics then replays in gcc, where
#: ``__VERIFIER_nondet_int()`` returns an int.
MATH_DRAWN_AS = ir.IntType(32, True)
#: A run whose variable grows past 2^MAX_BITS is abandoned: under math
#: semantics repeated squaring would otherwise exhaust memory within the budget.
MAX_BITS = 1 << 14
#: Program constants (with their neighbours) added to the boundary values.
MAX_CONSTANTS = 64
#: The mix of integer values (the rest are uniform over the type): boundary
#: values and constants, small values (up to `SMALL`), and values of a
#: magnitude within 2^SCALED_BITS of the run's edge budget (loop bounds that
#: a run of that budget can just get through; lower levels cover smaller ones).
BOUNDARY_SHARE, SMALL_SHARE, SCALED_SHARE = 0.4, 0.25, 0.2
SMALL = 16
SCALED_BITS = 6
#: How many edges past a value's assignment (or the function's entry, for a parameter) `assumed_ranges`
#: looks for the assume that bounds it
ASSUME_LOOKAHEAD = 16
#: Array parameters of no fixed size are drawn with lengths 0 .. MAX_ARRAY_LENGTH
#: (most array bugs show on short arrays; BMC covers the rest); drawn arrays
#: hold drawn elements at their first MAX_ARRAY_SIZE indices at most.
MAX_ARRAY_LENGTH, MAX_ARRAY_SIZE = 8, 256


def run_sampling(ts: TransitionSystem, keys: set[CheckKey], deadline: float, seed: int = 0,
                 on_found: Callable[[dict[CheckKey, CheckOutcome]], None] | None = None,
                 pace: Callable[[], None] | None = None, first_only: bool = False,
                 cpu_until: float | None = None) -> dict[CheckKey, CheckOutcome]:
    """A ``no`` with a witness for each check of `keys` some sampled run fails,
    found before `deadline` (`time.monotonic()`) and, if given, `cpu_until`
    (`time.process_time()`); the other keys are absent.

    Each finding is also passed to `on_found` at once (a worker may be killed
    at its deadline); `pace` is called before each run. Recursion ``bound``
    checks are never reported: they mark where the analysis stops, not a bug.
    The sampler stops early once every key is found (with `first_only`, once
    one is), or after one complete run of a program without inputs."""
    return sample_failures(ts.cfa, {k for k in keys if k in ts.checks}, deadline, seed, on_found, pace, first_only,
                           cpu_until)


def sample_failures(cfa: Cfa, keys: set[CheckKey], deadline: float, seed: int = 0,
                    on_found: Callable[[dict[CheckKey, CheckOutcome]], None] | None = None,
                    pace: Callable[[], None] | None = None, first_only: bool = False,
                    cpu_until: float | None = None, max_runs: int | None = None) -> dict[CheckKey, CheckOutcome]:
    """`run_sampling` on the automaton itself (no encoding needed: the refuter of a proof,
    `crosscheck.refute`, runs it so), for the checks `keys` of `cfa`, making at most
    `max_runs` runs if given."""
    wanted = {k for k in keys if k[0] != BOUND_CHECK}
    found: dict[CheckKey, CheckOutcome] = {}
    sampler = _Sampler(cfa, random.Random(seed))
    edges_run, time_run = 0, 0.0
    runs = itertools.count() if max_runs is None else iter(range(max_runs))
    for budget, allowance in itertools.cycle(LEVELS):
        spent = 0
        for _ in range(MAX_RUNS_PER_LEVEL):
            now = time.monotonic()
            if not wanted or now >= deadline or cpu_until is not None and time.process_time() >= cpu_until:
                return found
            if next(runs, None) is None:
                return found
            if spent >= allowance:
                break
            if pace is not None:
                pace()
            rate = edges_run / time_run if time_run > 0.05 else INITIAL_RATE
            trial = sampler.run(budget, min(budget, 1 + int(rate * (deadline - now))))
            spent += trial.edges
            edges_run += trial.edges
            time_run += time.monotonic() - now
            if trial.failure in wanted:
                trial = sampler.preferred(trial, budget)
                wanted.discard(trial.failure)
                witness = Witness(trial.params, trial.nondet, trial.steps)
                found[trial.failure] = CheckOutcome(trial.failure, Verdict.NO, SAMPLING_ENGINE, witness=witness)
                if on_found is not None:
                    on_found({trial.failure: found[trial.failure]})
                if first_only:
                    return found
            if sampler.deterministic and not trial.cut:
                return found  # no inputs: every run would be this one
    return found  # not reached: the levels repeat until the deadline


@dataclass
class _Trial:
    """One sampled run: its inputs (nondet values by ``site@step``), the check
    it failed (None if it did not), the loop heads passed and edges taken, and
    whether the budget or an oversized value cut it short."""

    params: dict[str, int]
    nondet: dict[str, int] = field(default_factory=dict)
    failure: CheckKey | None = None
    steps: int = 0
    edges: int = 0
    cut: bool = False


@dataclass
class _Edge:
    action: object
    dst: int
    sites: list[tuple[str, ir.Nondet]]  # (site name, node) of each nondet value read
    watch: str | None  # the unbounded integer variable this edge assigns, if any


class _Sampler:
    """Draws inputs and executes the automaton on them (`run`)."""

    def __init__(self, cfa: Cfa, rng: random.Random) -> None:
        self.cfa, self.rng = cfa, rng
        self.out: dict[int, list[_Edge]] = {}
        for index, edge in enumerate(cfa.edges):
            sites = [(site_name(index, k), nd) for k, nd in enumerate(nondet_nodes(edge.action))]
            a = edge.action
            watch = a.target if isinstance(a, ir.Assign) and _unbounded(cfa.variables.get(a.target)) else None
            self.out.setdefault(edge.src, []).append(_Edge(a, edge.dst, sites, watch))
        self.heads = set(cfa.loops) - {cfa.entry}  # where run_cfa counts a step
        self.allocation_sites = {site for es in self.out.values() for e in es for site, nd in e.sites
                                 if is_allocation_choice(nd)}
        self.coins = _truth_value_sites(cfa)
        self.constants = program_constants(cfa, MAX_CONSTANTS)
        self.pools: dict[tuple[ir.IntType, int, int], list[int]] = {}
        self.ranges, self.param_ranges = assumed_ranges(cfa)
        self.deterministic = not cfa.params and not any(e.sites for es in self.out.values() for e in es)

    def run(self, budget: int, max_edges: int, again: _Trial | None = None) -> _Trial:
        """A run on fresh inputs, at most `max_edges` edges; coins are biased
        for runs of up to `budget` edges. `again`: a run on its inputs instead, with
        every allocation succeeding (values it did not read are drawn)."""
        spans = [s for s in COIN_SPANS if s <= budget] or [2]
        odds: dict[int, float] = {}
        trial = _Trial(dict(again.params) if again is not None else self.draw_params(budget))

        def nondet(site: str, step: int, node: ir.Nondet) -> int:
            key = f"{site}@{step}"
            if key not in trial.nondet:
                if again is not None and is_allocation_choice(node):
                    trial.nondet[key] = 0
                elif again is not None and key in again.nondet:
                    trial.nondet[key] = again.nondet[key]
                elif id(node) in self.coins:
                    if id(node) not in odds:
                        span = self.rng.choice(spans)
                        odds[id(node)] = 1 - 1 / span if self.rng.random() < 0.5 else 1 / span
                    trial.nondet[key] = int(self.rng.random() < odds[id(node)])
                else:
                    trial.nondet[key] = self.draw(node.type, budget, self.ranges.get(id(node)))
            return trial.nondet[key]

        trial.edges = self._walk(trial, nondet, max_edges)
        return trial

    def preferred(self, trial: _Trial, budget: int) -> _Trial:
        """`trial`, or, if it makes an allocation fail, the run of its inputs with every
        allocation succeeding when that fails the same check (see `allocations`)."""
        if not any(value and key.rpartition("@")[0] in self.allocation_sites for key, value in trial.nondet.items()):
            return trial
        again = self.run(budget, budget, again=trial)
        return again if again.failure == trial.failure else trial

    def _walk(self, trial: _Trial, nondet: Callable[[str, int, ir.Nondet], int], max_edges: int) -> int:
        """`interpret.run_cfa`'s loop without the trace: records in `trial` how
        the run ended; returns the number of edges taken."""
        env = {name: zero_of(t) for name, t in self.cfa.variables.items()}
        env.update(trial.params)
        node, exit_, step = self.cfa.entry, self.cfa.exit, 0
        for count in range(max_edges):
            if node == exit_:
                return count
            if node in self.heads:
                step += 1
            for edge in self.out.get(node, ()):
                try:
                    values = {id(nd): nondet(site, step, nd) for site, nd in edge.sites}
                    result = execute(edge.action, Evaluator(env, values), env)
                except CheckFailed as failure:
                    trial.failure, trial.steps = (failure.kind, failure.loc.line, failure.loc.column), step
                    return count
                except (MemoryError, OverflowError, RecursionError):  # too large a value or witness
                    trial.cut = True
                    return count
                if result is not None:
                    if edge.watch is not None and abs(result[edge.watch]) >> MAX_BITS:
                        trial.cut = True
                        return count
                    env, node = result, edge.dst
                    break
            else:
                return count  # no edge can be taken: an assume blocked the run
        trial.cut = True
        return max_edges

    def draw_params(self, budget: int) -> dict[str, int | ArrayValue]:
        """Parameter values; an array parameter of no fixed size gets a short
        length (up to `MAX_ARRAY_LENGTH`) in its length parameter."""
        params = {p.name: self.draw(p.type, budget, self.param_ranges.get(p.name)) for p in self.cfa.params}
        for p in self.cfa.params:
            name = ir.length_name(p.name)
            if isinstance(p.type, ir.ArrayType) and p.type.size is None and name in params:
                params[name] = self.rng.randint(0, MAX_ARRAY_LENGTH)
        return params

    def draw(self, t: ir.Type, budget: int, bounds: tuple[int, int] | None = None) -> int | ArrayValue:
        """A value of type `t` (an integer within `bounds` too, where given and not empty): a
        boundary value (of the type and of `bounds`) or program constant, a small
        value, one of a magnitude near `budget`, or a uniform one. An array
        holds such elements at its first indices (`MAX_ARRAY_LENGTH`, or its
        size up to `MAX_ARRAY_SIZE`), zeros beyond."""
        rng = self.rng
        if isinstance(t, ir.ArrayType):
            count = min(t.size, MAX_ARRAY_SIZE) if t.size is not None else MAX_ARRAY_LENGTH
            return ArrayValue.of_list([self.draw(t.elem, budget) for _ in range(count)])
        if not isinstance(t, ir.IntType):
            return rng.randint(0, 1)
        t = t if t.bits is not None else MATH_DRAWN_AS
        low, high = t.min, t.max
        if bounds is not None and max(low, bounds[0]) <= min(high, bounds[1]):
            low, high = max(low, bounds[0]), min(high, bounds[1])
        r = rng.random()
        if r < BOUNDARY_SHARE:
            if (t, low, high) not in self.pools:
                self.pools[(t, low, high)] = _boundary_values(t, self.constants, low, high)
            return rng.choice(self.pools[(t, low, high)])
        if r < BOUNDARY_SHARE + SMALL_SHARE and max(low, -SMALL) <= min(high, 4 * SMALL):
            return rng.randint(max(low, -SMALL), min(high, 4 * SMALL))
        if r < BOUNDARY_SHARE + SMALL_SHARE + SCALED_SHARE:
            top = budget.bit_length()
            value = rng.choice((-1, 1)) * rng.randint(0, 1 << rng.randint(max(0, top - SCALED_BITS), top))
            return min(high, max(low, value))
        return rng.randint(low, high)


def _boundary_values(t: ir.IntType, constants: list[int], low: int, high: int) -> list[int]:
    """0, ±1, ±2^k and their neighbours, the type's extremes, `low` and `high` and
    their neighbours, and the program's constants: those within ``low .. high``
    (the type's bounded range or part of it)."""
    assert t.bits is not None
    values = {0, 1, -1, t.min, t.min + 1, t.max - 1, t.max, low, low + 1, high - 1, high, *constants}
    for k in range(1, t.bits):
        values.update({(1 << k) - 1, 1 << k, (1 << k) + 1, -(1 << k) + 1, -(1 << k), -(1 << k) - 1})
    return sorted(v for v in values if low <= v <= high)


def assumed_ranges(cfa: Cfa) -> tuple[dict[int, tuple[int, int]], dict[str, tuple[int, int]]]:
    """The bounds an ``assume`` puts on fresh values before anything can fail: by the id of each
    nondet node assigned as a whole to a variable (``x = __VERIFIER_nondet_int()``), and by the
    name of each integer parameter, the (low, high) its value must lie within for a run to pass
    the assumes that follow on the one path out of the assignment (the function's entry, for a
    parameter) within `ASSUME_LOOKAHEAD` edges. That path may only assign other variables a
    constant, a variable or a nondet value, and assume conditions that cannot fail (comparisons of
    variables and constants, ``&&``, ``||``, ``!``): a value outside the bounds then gives a run
    the assume blocks, and nothing else. A bound is read from the conjuncts ``x OP c`` and
    ``c OP x`` of an assumed condition (OP one of < <= > >= ==, both sides of x's type)."""
    out = cfa.outgoing()
    ranges: dict[int, tuple[int, int]] = {}
    for edge in cfa.edges:
        a = edge.action
        if isinstance(a, ir.Assign) and isinstance(a.value, ir.Nondet) and a.value.type == cfa.variables.get(a.target):
            found = _bounds_after(out, edge.dst, a.target, a.value.type)
            if found is not None:
                ranges[id(a.value)] = found
    params = {}
    for p in cfa.params:
        found = _bounds_after(out, cfa.entry, p.name, p.type)
        if found is not None:
            params[p.name] = found
    return ranges, params


def _bounds_after(out: dict, node: int, var: str, t: ir.Type) -> tuple[int, int] | None:
    """The bounds on `var` (of type `t`) of the assumes on the path from `node`, as `assumed_ranges`
    reads them; None when there are none."""
    if not isinstance(t, ir.IntType) or t.bits is None:
        return None
    low, high, bounded, seen = t.min, t.max, False, set()
    for _ in range(ASSUME_LOOKAHEAD):
        edges = out.get(node, [])
        if len(edges) != 1 or node in seen:
            break
        seen.add(node)
        a = edges[0].action
        if isinstance(a, ir.Assume):
            if not _cannot_fail(a.cond):
                break
            for op, c in _comparisons(a.cond, var, t):
                bounded = True
                if op in ("ge", "eq"):
                    low = max(low, c)
                if op in ("le", "eq"):
                    high = min(high, c)
                if op == "gt":
                    low = max(low, c + 1)
                if op == "lt":
                    high = min(high, c - 1)
        elif isinstance(a, ir.Assign):
            if a.target == var or not isinstance(a.value, (ir.Nondet, ir.Const, ir.Var)):
                break
        elif a is not None:
            break
        node = edges[0].dst
    return (low, high) if bounded and low <= high else None


#: a comparison `x OP c` read as `c OP' x`
_MIRRORED = {"lt": "gt", "le": "ge", "gt": "lt", "ge": "le", "eq": "eq"}


def _comparisons(cond: ir.Expr, var: str, t: ir.Type) -> list[tuple[str, int]]:
    """(OP, c) for each conjunct of `cond` that is ``var OP c`` (or ``c OP var``, mirrored), both of type `t`."""
    if isinstance(cond, ir.Binary) and cond.op == "land":
        return _comparisons(cond.left, var, t) + _comparisons(cond.right, var, t)
    if not isinstance(cond, ir.Binary) or cond.op not in _MIRRORED:
        return []
    left, right, op = cond.left, cond.right, cond.op
    if isinstance(left, ir.Const) and isinstance(right, ir.Var):
        left, right, op = right, left, _MIRRORED[op]
    if isinstance(left, ir.Var) and left.name == var and left.type == t and isinstance(right, ir.Const) \
            and right.type == t:
        return [(op, right.value)]
    return []


def _cannot_fail(e: ir.Expr) -> bool:
    """Does evaluating `e` never fail a check (variables and constants, compared and combined by logic)?"""
    if isinstance(e, (ir.Var, ir.Const)):
        return True
    if isinstance(e, ir.Unary):
        return e.op == "not" and _cannot_fail(e.arg)
    if isinstance(e, ir.Binary):
        return e.op in (*_MIRRORED, "ne", "land", "lor") and _cannot_fail(e.left) and _cannot_fail(e.right)
    return False


def _unbounded(t: ir.Type | None) -> bool:
    return isinstance(t, ir.IntType) and t.bits is None


def _truth_value_sites(cfa: Cfa) -> set[int]:
    """The ids of nondet nodes read as truth values: of type bool, or compared
    with 0, negated or converted to bool (``while (__VERIFIER_nondet_int())``)."""
    coins: set[int] = set()

    def visit(e: ir.Expr) -> None:
        if isinstance(e, ir.Nondet) and isinstance(e.type, ir.BoolType):
            coins.add(id(e))
        coins.update(id(arg) for arg in _truth_operands(e) if isinstance(arg, ir.Nondet))
        for f in fields(e):
            value = getattr(e, f.name)
            for child in value if isinstance(value, tuple) else (value,):
                if isinstance(child, ir.Expr):
                    visit(child)

    for edge in cfa.edges:
        for attr in ("value", "cond", "expr"):
            e = getattr(edge.action, attr, None)
            if isinstance(e, ir.Expr):
                visit(e)
    return coins


def _truth_operands(e: ir.Expr) -> tuple[ir.Expr, ...]:
    """The operands `e` reads only as truth values."""
    if isinstance(e, ir.Cast) and isinstance(e.type, ir.BoolType) or isinstance(e, ir.Unary) and e.op == "not":
        return (e.arg,)
    if isinstance(e, ir.Binary) and e.op in ("eq", "ne"):
        return tuple(side for side, other in ((e.left, e.right), (e.right, e.left)) if _is_zero(other))
    return ()


def _is_zero(e: ir.Expr) -> bool:
    return isinstance(e, ir.Const) and e.value == 0
