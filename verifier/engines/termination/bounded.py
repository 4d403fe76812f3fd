"""Loops of fixed-width integers that run a bounded number of times from any state.

A loop such as ``while (x != 0) x = x << 1;``, ``x = x & (x - 1)`` or an
unsigned ``x = 2 * x`` has no linear ranking function, yet no state at its
head starts more than 32 iterations in a row: the bits run out. This engine
states that fact and has z3 prove it: for a loop of one cut-point `h` (every
block of it returns to `h`) and a bound `K`, the formula

    ρ(s_0, s_1) ∧ ρ(s_1, s_2) ∧ ... ∧ ρ(s_K, s_{K+1})

(`ρ` the disjunction of the loop's blocks, each step with fresh nondet values)
is unsatisfiable, so every run leaves the loop within `K` iterations. `s_0`
is any state, reachable or not, so nothing else need be proved. The bound
tried is the widest changed variable's width (bits shifted out or cleared one
a step). A counter that wraps around (a ``char`` counted up to 0) would need
its number of values: 257 steps of an 8-bit counter take cvc5 more than 8 s
to re-check, so those are left to the other engines. The certificate is `K`
and the formula (its one obligation), re-checked like every other.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import ClassVar

import z3

from ... import ir
from ...encode import Block, TransitionSystem
from ...smt import subterms
from ...solver import check
from .ranked_loops import live_blocks, obligation_solver


#: z3's resource budget for the unrolling (work, not time: a loaded machine does not shrink it).
#: Shifts, masks and doublings of a 64-bit word take under 10^5; a loop that divides (which
#: runs long) takes millions to find its run: given up sooner.
UNROLLING_RLIMIT = 300_000


@dataclass
class IterationBound:
    """The loop at `head` runs at most `bound` iterations in a row from any state."""

    described: ClassVar[str] = "iteration bound"

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
    bound = widest_change(ts, blocks)
    if not bound or time.monotonic() >= deadline or any(_applies_function(b) for b in blocks):
        return None
    runs = unrolling(ts, blocks, bound + 1, deadline)
    if runs is None or not check(obligation_solver(runs), deadline, rlimit=UNROLLING_RLIMIT).unsat:
        return None
    return IterationBound(head, bound, [(f"no run of {bound + 1} iterations of the loop at cut-point {head}", runs)])


def _applies_function(block: Block) -> bool:
    """The block applies an uninterpreted function (one value for equal arguments at every step,
    which a fresh value per step would not model): not unrolled."""
    return any(z3.is_app(t) and t.num_args() > 0 and t.decl().kind() == z3.Z3_OP_UNINTERPRETED
               for term in (block.guard, *block.update.values()) for t in subterms(term))


def widest_change(ts: TransitionSystem, blocks: list[Block]) -> int:
    """The width in bits of the widest fixed-width variable `blocks` change (0 if none)."""
    return max((t.bits for v, t in ts.variables.items() if isinstance(t, ir.IntType) and t.bits is not None
                and any(not b.update.get(v, ts.current[v]).eq(ts.current[v]) for b in blocks)), default=0)


def unrolling(ts: TransitionSystem, blocks: list[Block], steps: int, deadline: float) -> z3.BoolRef | None:
    """`steps` iterations in a row of the loop made of `blocks`, from any state;
    every constant of a block other than the state (a nondet value) is fresh at each step.
    None when building it runs past `deadline` (a loop over arrays and pointers: large blocks)."""
    state = list(ts.current.items())
    inputs = sorted({t.decl().name(): t for b in blocks for term in (b.guard, *b.update.values())
                     for t in subterms(term) if z3.is_const(t) and t.decl().kind() == z3.Z3_OP_UNINTERPRETED
                     and not any(t.eq(c) for _, c in state)}.items())
    # simplified once (an overflow check that cannot fail drops out), not at each of the steps
    simple = [(z3.simplify(b.guard), {v: z3.simplify(b.update.get(v, c)) for v, c in state}) for b in blocks]
    now = {v: z3.Const(f"{v}!run0", c.sort()) for v, c in state}
    steps_taken: list[z3.BoolRef] = []
    for k in range(steps):
        if time.monotonic() >= deadline:
            return None
        fresh = [(t, z3.Const(f"{name}!run{k}", t.sort())) for name, t in inputs]
        sub = [(c, now[v]) for v, c in state] + fresh
        nxt = {v: z3.Const(f"{v}!run{k + 1}", c.sort()) for v, c in state}
        options = [z3.And(z3.substitute(guard, *sub), *[nxt[v] == z3.substitute(update[v], *sub) for v, _ in state])
                   for guard, update in simple]
        steps_taken.append(z3.Or(options))
        now = nxt
    return z3.And(steps_taken)


__all__ = ["IterationBound", "bound_iterations", "unrolling", "widest_change", "UNROLLING_RLIMIT"]
