"""Loops of fixed-width integers that run a bounded number of times from any state.

A loop such as ``while (x != 0) x = x << 1;``, ``x = x & (x - 1)`` or an
unsigned ``x = 2 * x`` has no linear ranking function, yet no state at its
head starts more than 32 iterations in a row: the bits run out. This engine
states that fact and has z3 prove it: for a loop of one cut-point `h` (every
block of it returns to `h`) and a bound `K`, the formula

    ρ(s_0, s_1) ∧ ρ(s_1, s_2) ∧ ... ∧ ρ(s_K, s_{K+1})

(`ρ` the disjunction of the loop's blocks, each step with fresh nondet values)
is unsatisfiable, so every run leaves the loop within `K` iterations. `s_0`
is any state, reachable or not, so nothing else need be proved. The bounds
tried are the widest changed variable's width (bits shifted or cleared one a
step) and, for variables of at most 8 bits, their number of values (a counter
that wraps around). The certificate is `K` and the formula (its one
obligation), re-checked like every other.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import z3

from ... import ir
from ...encode import Block, TransitionSystem
from ...smt import subterms
from ...solver import check
from .ranked_loops import live_blocks

#: Widest type whose number of values is tried as a bound (a wrapping counter).
MAX_COUNTER_BITS = 8


@dataclass
class IterationBound:
    """The loop at `head` runs at most `bound` iterations in a row from any state."""

    head: int
    bound: int
    obligations: list[tuple[str, z3.BoolRef]] = field(default_factory=list)


def bound_iterations(ts: TransitionSystem, root: frozenset[int], deadline: float) -> IterationBound | None:
    """An iteration bound for the loop of one cut-point `root` of a bit-vector encoding, or None."""
    if len(root) != 1 or ts.reading != "bv":
        return None
    (head,) = root
    blocks = [b for b in live_blocks(ts) if b.src == head and b.dst == head]
    if not blocks:
        return None
    for bound in candidate_bounds(ts, blocks):
        if time.monotonic() >= deadline:
            return None
        runs = unrolling(ts, blocks, bound + 1)
        answer = check(z3.Solver(), deadline, runs)
        if answer.unsat:
            return IterationBound(head, bound, [(f"no run of {bound + 1} iterations of the loop at cut-point {head}",
                                                 runs)])
        if not answer.sat:
            return None
    return None


def candidate_bounds(ts: TransitionSystem, blocks: list[Block]) -> list[int]:
    """The bounds worth trying, smallest first: the widest changed variable's
    width, and the number of values of each changed variable of at most
    `MAX_COUNTER_BITS` bits."""
    widths = sorted({t.bits for v, t in ts.variables.items()
                     if isinstance(t, ir.IntType) and t.bits is not None
                     and any(not b.update.get(v, ts.current[v]).eq(ts.current[v]) for b in blocks)})
    if not widths:
        return []
    return sorted({widths[-1], *(1 << w for w in widths if w <= MAX_COUNTER_BITS)})


def unrolling(ts: TransitionSystem, blocks: list[Block], steps: int) -> z3.BoolRef:
    """`steps` iterations in a row of the loop made of `blocks`, from any state;
    every constant of a block other than the state (a nondet value) is fresh at each step."""
    state = list(ts.current.items())
    inputs = sorted({t.decl().name(): t for b in blocks for term in (b.guard, *b.update.values())
                     for t in subterms(term) if z3.is_const(t) and t.decl().kind() == z3.Z3_OP_UNINTERPRETED
                     and not any(t.eq(c) for _, c in state)}.items())
    now = {v: z3.Const(f"{v}!run0", c.sort()) for v, c in state}
    steps_taken: list[z3.BoolRef] = []
    for k in range(steps):
        fresh = [(t, z3.Const(f"{name}!run{k}", t.sort())) for name, t in inputs]
        sub = [(c, now[v]) for v, c in state] + fresh
        nxt = {v: z3.Const(f"{v}!run{k + 1}", c.sort()) for v, c in state}
        options = [z3.And(z3.substitute(b.guard, *sub),
                          *[nxt[v] == z3.substitute(b.update.get(v, c), *sub) for v, c in state])
                   for b in blocks]
        steps_taken.append(z3.Or(options))
        now = nxt
    return z3.And(steps_taken)


__all__ = ["IterationBound", "bound_iterations", "candidate_bounds", "unrolling", "MAX_COUNTER_BITS"]
