"""The state variables a set of checks depends on (their cone of influence), for sliced certificates.

A check's error condition (and its reach condition) reads some variables; every
block guard decides which path runs, and so whether an execution survives;
the update of a variable in the cone brings in the variables it reads.
Dropping the frame equations of the variables outside the cone from a formula
only removes constraints, so a sliced formula that is unsatisfiable means the
full one is too; and as the cone is closed this way, the slice is
unsatisfiable exactly when the full formula is. What is left out is typically
the arithmetic of other checks (a multiplication z3 or cvc5 would otherwise
bit-blast for nothing).
"""

from __future__ import annotations

import z3

from ...encode import CheckKey, TransitionSystem
from ...smt import constants_of

__all__ = ["cone_of_influence"]


def cone_of_influence(ts: TransitionSystem, keys: set[CheckKey]) -> frozenset[str]:
    """The names of `ts.variables` that the checks `keys` and the control flow depend on."""
    by_const = {c.decl().name(): name for name, c in ts.current.items()}

    def reads(*terms: z3.ExprRef) -> set[str]:
        return {by_const[c] for c in constants_of(*terms) if c in by_const}

    # one walk over the conditions and guards: they share most of their terms
    cone = reads(*(t for e in ts.errors if e.key in keys for t in (e.cond, e.reach)), *(b.guard for b in ts.blocks))
    frontier = set(cone)
    while frontier:
        name = frontier.pop()
        for block in ts.blocks:
            if name in block.update:
                new = reads(block.update[name]) - cone
                cone |= new
                frontier |= new
    return frozenset(cone)
