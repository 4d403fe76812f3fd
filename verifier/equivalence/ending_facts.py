"""What a side's end says about the input, guessed for the product's Houdini round.

When one side ends (fails a check, such as a C overflow, or returns) and the
other runs on, the product keeps only the running side's state and the ghost
inputs: the ended side's state is gone. The running side agrees only if it
ends the same way, and that may rest on what the end tells of the input: A's
``t += 3`` overflowed with ``t == 3 * i`` and ``i < n``, so ``n >= 715827883``,
and B, whose second loop adds ``3`` per step up to ``n``, cannot return
without overflowing too; A returned, so ``n <= 715827882`` and B's second loop
cannot overflow.

`ending_candidates` reads that fact from the clauses that end a side: the
facts the first Houdini round kept before the step, the step and its
condition, with every state variable eliminated (z3's quantifier elimination
for linear integer arithmetic), leave a formula over the inputs alone. The
disjunction over the clauses that end a side one way (a return, a failed
check of one kind) is a candidate for every pair of locations where that side
has ended that way (the inputs do not change, so it holds there if it holds
on arrival). Houdini keeps it only if it is inductive, as every other
candidate; a clause whose state cannot be eliminated (arrays, nonlinear terms,
time) leaves that way of ending without a candidate.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import z3

from ..smt import constants_of, subterms

__all__ = ["ending_candidates"]

#: Time limit of one elimination (it gives up on arrays and nonlinear terms; about 0.15 s of CPU
#: for a counter's overflow, more on a busy machine).
ELIMINATION_MS = 3000


def ending_candidates(clauses, facts: dict, ghosts: list[z3.ExprRef], after_ghosts: int, apply: Callable,
                       state: list[z3.ExprRef], deadline: float) -> dict[object, list]:
    """Per predicate key with exactly one ended side, candidate facts over the
    inputs: what the clauses that end that side that way imply of `ghosts`,
    given the first round's `facts` (`apply(fact, args)` builds one). A
    predicate's arguments end with the ghosts and `after_ghosts` more; `state`
    are the constants of the sides' states, to eliminate."""
    kept = {str(g) for g in ghosts}
    by_name = {str(c): c for c in state}
    by_end: dict[tuple[int, object], list[z3.BoolRef] | None] = {}
    for c in clauses:
        if c.head is None or len(c.body) != 1:
            continue
        (before, args), after = c.body[0], c.head[0]
        ended = _ended_side(after)
        if ended is None or _ended_side(before) is not None or by_end.get((ended, after[ended]), []) is None:
            continue
        formula = z3.And(c.constraint, *[apply(f, args) for f in facts.get(before, [])])
        projected = _inputs_only(formula, kept, by_name, deadline)
        found = by_end.setdefault((ended, after[ended]), [])
        if projected is None:
            by_end[(ended, after[ended])] = None  # a clause unread: the disjunction would be too strong
        elif found is not None:
            found.append(projected)
    out: dict[object, list] = {}
    keys = {c.head[0] for c in clauses if c.head is not None} | {k for c in clauses for k, _ in c.body}
    for key in keys:
        ended = _ended_side(key)
        found = by_end.get((ended, key[ended])) if ended is not None else None
        if found:
            fact = z3.simplify(z3.Or(found))
            if not z3.is_true(fact):
                out[key] = [_over_arguments(fact, ghosts, after_ghosts)]
    return out


def _over_arguments(fact: z3.BoolRef, ghosts: list[z3.ExprRef], after_ghosts: int):
    """`fact` (over `ghosts`) as a function of a predicate's arguments."""
    def at(a: list[z3.ExprRef]) -> z3.BoolRef:
        first = len(a) - after_ghosts - len(ghosts)
        return z3.substitute(fact, *zip(ghosts, a[first:first + len(ghosts)]))
    return at


def _ended_side(key) -> int | None:
    """0 or 1 when exactly that side of the pair of locations `key` has ended: failed a
    check, or returned (`product`'s ``exit``)."""
    ended = [i for i, loc in enumerate(key) if not isinstance(loc, int)]
    return ended[0] if len(ended) == 1 else None


def _inputs_only(formula: z3.BoolRef, kept: set[str], state: dict[str, z3.ExprRef],
                 deadline: float) -> z3.BoolRef | None:
    """A formula over the constants named `kept` equivalent to ``exists others. formula``
    (the others from `state`, by name), or None."""
    names = constants_of(formula) - kept
    if not names <= state.keys():
        return None
    others = [state[n] for n in names]
    if any(not (c.sort() == z3.IntSort() or c.sort() == z3.BoolSort()) for c in others):
        return None
    budget_ms = int(min(ELIMINATION_MS, 1000 * (deadline - time.monotonic())))
    if budget_ms <= 0:
        return None
    goal = z3.Goal()
    goal.add(z3.Exists(others, formula) if others else formula)
    try:
        result = z3.TryFor(z3.Then("qe", "simplify"), budget_ms)(goal)
    except z3.Z3Exception:
        return None
    if len(result) != 1:
        return None
    out = result[0].as_expr()
    if _quantified(out) or not constants_of(out) <= kept:
        return None  # not eliminated
    return out


def _quantified(e: z3.ExprRef) -> bool:
    return any(z3.is_quantifier(x) for x in subterms(e))
