"""Guessed array invariants that quantify over a prefix: ``forall k. 0 <= k < i -> a[k] == 0``.

Loops over arrays keep facts about the part they have done: an initialising
loop has set ``a[0..i)``, a copy has ``a[k] == b[k]`` there, a search has not
met the key there, a maximum bounds it. `prefix_candidates` proposes such
facts from templates, for every loop head, array and counter live there:

    forall k. lo <= k < hi -> BODY(k)

with ``[lo, hi)`` one of ``[0, len)``, ``[0, x)`` (any integer `x`), ``[0, i + 1)`` (a
counter `i` the loop assigns) or ``[i + 1, len)`` (a loop going down), and BODY one of
``a[k] == e`` (a program constant, a variable the loop keeps, or `k`),
``a[k] == b[k]``, ``a[k] != x`` (a variable the loop keeps), ``a[k] <= e`` and
``a[k] >= e`` (a program constant, any variable `x`, or ``a[x]``). Only the
candidates true of every sampled loop-head state survive (evaluated on the
concrete arrays); Houdini then keeps the inductive ones, and the certifier
re-checks the result like any invariant. The formulas are in the integer
reading (integer constants and integer-indexed arrays named after the
variables); `to_bitvectors.to_bv` carries them to a `bv` program.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import z3

from ... import ir
from ...arrays import ArrayValue
from ...cfa import Cfa
from ...solver import check
from .horn import HornView, Invariant

__all__ = ["prefix_candidates", "has_arrays", "prefix_houdini"]

#: Sampled states are checked on at most this many indices of each range.
MAX_CHECKED_INDICES = 24
#: At most this many candidates per loop head (templates multiply quickly),
#: and program constants (the smallest) tried as element values and bounds.
MAX_PER_HEAD, MAX_CONSTANTS = 60, 8

Env = dict[str, object]
#: The bound variable's name: no program variable is spelled so (the printer names it anew).
BOUND = "#k"


def has_arrays(variables: dict[str, ir.Type]) -> bool:
    """Has some variable an array type?"""
    return any(isinstance(t, ir.ArrayType) for t in variables.values())


@dataclass(frozen=True)
class _Template:
    """One candidate: how to build its formula (only survivors are built: z3
    terms are slow to make), and the same fact on a concrete state."""

    build: Callable[[], z3.BoolRef]
    holds: Callable[[Env], bool]


def prefix_candidates(cfa: Cfa, states: dict[int, list[Env]], live: dict[int, list[str]],
                      constants: list[int]) -> dict[int, list[z3.BoolRef]]:
    """The prefix facts true of every sampled state at each loop head (heads
    without samples get none)."""
    out: dict[int, list[z3.BoolRef]] = {}
    for head, loop in cfa.loops.items():
        samples = states.get(head, [])
        if not samples:
            continue
        names = live.get(head, list(cfa.variables))
        kept = [t.build() for t in _templates(cfa, loop.assigned, names, constants)
                if all(t.holds(env) for env in samples)]
        if kept:
            out[head] = kept[:MAX_PER_HEAD]
    return out


def _templates(cfa: Cfa, assigned: frozenset[str], names: list[str], constants: list[int]) -> list[_Template]:
    types = cfa.variables
    arrays = [n for n in names if isinstance(types[n], ir.ArrayType) and isinstance(types[n].elem, ir.IntType)]
    ints = [n for n in names if isinstance(types[n], ir.IntType) and not n.startswith("__")]
    counters = [n for n in ints if n in assigned]
    k = z3.Int(BOUND)
    found: list[_Template] = []
    for a in arrays:
        t = types[a]
        bodies = list(_bodies(a, t, arrays, ints, assigned, constants, k, types))
        for lo, hi, span in _ranges(a, t, ints, counters, types):
            for body, value in bodies:
                def build(lo=lo, hi=hi, body=body) -> z3.BoolRef:
                    return z3.ForAll([k], z3.Implies(z3.And(lo <= k, k < hi), body))

                found.append(_Template(build, _holds(span, value)))
    return found


def _ranges(a: str, t: ir.ArrayType, ints: list[str], counters: list[str], types):
    """(lo, hi, concrete span) per range template over array `a`: ``[0, x)`` for
    every integer `x` (a loop that kept a fact may be followed by others), and
    ``[0, i + 1)`` and ``[i + 1, len)`` for the loop's counters `i`."""
    length = z3.IntVal(t.size) if t.size is not None else _int_var(ir.length_name(a), types)
    if length is not None:  # the whole array (a loop after the one that filled it)
        yield z3.IntVal(0), length, _span(lambda env: (0, _length(a, t, env)))
    for x in ints:
        yield z3.IntVal(0), z3.Int(x), _span(lambda env, x=x: (0, env[x]))
    for i in counters:
        iv = z3.Int(i)
        yield z3.IntVal(0), iv + 1, _span(lambda env, i=i: (0, env[i] + 1))
        if length is not None:
            yield iv + 1, length, _span(lambda env, i=i: (env[i] + 1, _length(a, t, env)))


def _int_var(name: str, types) -> z3.ArithRef | None:
    return z3.Int(name) if isinstance(types.get(name), ir.IntType) else None


def _length(a: str, t: ir.ArrayType, env: Env) -> int:
    return t.size if t.size is not None else env[ir.length_name(a)]


def _span(bounds: Callable[[Env], tuple[int, int]]) -> Callable[[Env], range]:
    def indices(env: Env) -> range:
        lo, hi = bounds(env)
        return range(lo, min(hi, lo + MAX_CHECKED_INDICES))
    return indices


def _bodies(a: str, t: ir.ArrayType, arrays: list[str], ints: list[str], assigned: frozenset[str],
            constants: list[int], k: z3.ArithRef, types):
    """(formula over `k`, its value on a state and index) per body template."""
    av = z3.Array(a, z3.IntSort(), z3.IntSort())
    elem = av[k]

    def at(env: Env, i: int) -> int:
        array = env[a]
        return array.select(i) if isinstance(array, ArrayValue) else 0

    for c in sorted(set(constants) | {0}, key=abs)[:MAX_CONSTANTS]:
        yield elem == c, lambda env, i, c=c: at(env, i) == c
        yield elem <= c, lambda env, i, c=c: at(env, i) <= c
        yield elem >= c, lambda env, i, c=c: at(env, i) >= c
    yield elem == k, lambda env, i: at(env, i) == i
    for x in ints:
        xv = z3.Int(x)
        if x not in assigned:
            yield elem == xv, lambda env, i, x=x: at(env, i) == env[x]
            yield elem != xv, lambda env, i, x=x: at(env, i) != env[x]
        yield elem <= xv, lambda env, i, x=x: at(env, i) <= env[x]
        yield elem >= xv, lambda env, i, x=x: at(env, i) >= env[x]
        # the element at a remembered position (the index of a minimum or maximum)
        yield elem <= av[xv], lambda env, i, x=x: at(env, i) <= at(env, env[x])
        yield elem >= av[xv], lambda env, i, x=x: at(env, i) >= at(env, env[x])
    for b in arrays:
        if b != a and types[b].elem == t.elem:
            bv = z3.Array(b, z3.IntSort(), z3.IntSort())
            yield elem == bv[k], lambda env, i, b=b: at(env, i) == _select(env[b], i)


def _select(array: object, i: int) -> int:
    return array.select(i) if isinstance(array, ArrayValue) else 0


def _holds(span: Callable[[Env], range], value: Callable[[Env, int], bool]) -> Callable[[Env], bool]:
    def holds(env: Env) -> bool:
        try:
            return all(value(env, i) for i in span(env))
        except (KeyError, TypeError):
            return False
    return holds


def prefix_houdini(view: HornView, known: Invariant, candidates: dict[int, list[z3.BoolRef]], deadline: float,
                   translate: Callable[[z3.BoolRef], z3.BoolRef | None] | None = None,
                   query_ms: int = 1000) -> dict[int, list[z3.BoolRef]] | None:
    """The candidates that are inductive together on top of `known` (an
    inductive invariant in the view's terms), per loop head, or None past the
    deadline. Each candidate is checked alone against each block (z3 decides
    one quantified fact quickly, a disjunction of many slowly); an undecided
    one is dropped. `translate` maps a candidate to the view's terms."""
    ts = view.ts
    heads = set(ts.cfa.loops)
    live: dict[int, list[tuple[z3.BoolRef, z3.BoolRef]]] = {}
    for h in heads:
        pairs = [(c, translate(c) if translate else c) for c in candidates.get(h, [])]
        live[h] = [(c, t) for c, t in pairs if t is not None]
    blocks = [b for b in view.loop_blocks() if live[b.dst]]
    changed = True
    while changed:
        changed = False
        for b in blocks:
            pre = [view.state_facts, view.nondet_facts, b.guard]
            if b.src in heads:
                pre += [known.get(b.src, z3.BoolVal(True)), *(t for _, t in live[b.src])]
            subst = [(ts.current[n], v) for n, v in b.update.items()]
            solver = z3.Solver()
            solver.add(*pre)
            kept = []
            for c, t in live[b.dst]:
                if time.monotonic() >= deadline:
                    return None
                post = z3.substitute(t, *subst) if subst else t
                if check(solver, deadline, z3.Not(post), cap_s=query_ms / 1000).unsat:
                    kept.append((c, t))
            if len(kept) != len(live[b.dst]):
                live[b.dst] = kept
                changed = True
    return {h: [c for c, _ in pairs] for h, pairs in live.items() if pairs}
