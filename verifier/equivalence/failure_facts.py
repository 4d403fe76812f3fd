"""What a failing check says about the input, guessed for the product's Houdini round.

When one side fails a check (a C overflow) and the other runs on, the product
keeps only the running side's state and the ghost inputs: the failed side's
state is gone. The running side agrees only if it fails the same way later
(an overflow split across two loops, or reached in another order), and that
rests on what the failure tells of the input: A's ``t += 3`` overflowed with
``t == 3 * i`` and ``i < n``, so ``n >= 715827883``, and B, whose second loop
sums ``3`` per step up to ``n``, cannot end without overflowing too.

`failure_candidates` reads that fact from the clauses that fail a side: the
facts the first Houdini round kept before the step, the step and the failing
condition, with every state variable eliminated (z3's quantifier elimination
for linear integer arithmetic) leaves a formula over the inputs alone. The
disjunction over the clauses that fail a side in one way is a candidate for
every pair of locations where that side has failed that way (the inputs do not
change, so it is kept wherever it holds on arrival). Houdini keeps it only if
it is inductive, as every other candidate.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import z3

__all__ = ["failure_candidates"]

#: Time limit of one elimination (it gives up on arrays and nonlinear terms; about 0.15 s of CPU
#: for a counter's overflow, more on a busy machine).
ELIMINATION_MS = 3000


def failure_candidates(clauses, facts: dict, ghosts: list[z3.ExprRef], apply: Callable,
                       deadline: float) -> dict[object, list]:
    """Per predicate key with exactly one failed side, candidate facts over the
    inputs: what the clauses that fail that side that way imply of `ghosts`,
    given the first round's `facts` (`apply(fact, args)` builds one)."""
    kept = {g.get_id() for g in ghosts}
    by_failure: dict[tuple[int, object], list[z3.BoolRef] | None] = {}
    for c in clauses:
        if c.head is None or len(c.body) != 1:
            continue
        (before, args), after = c.body[0], c.head[0]
        failed = _failed_side(after)
        if failed is None or _failed_side(before) is not None or by_failure.get((failed, after[failed]), []) is None:
            continue
        state = z3.And(c.constraint, *[apply(f, args) for f in facts.get(before, [])])
        projected = _inputs_only(state, kept, deadline)
        found = by_failure.setdefault((failed, after[failed]), [])
        if projected is None:
            by_failure[(failed, after[failed])] = None  # a clause unread: the disjunction would be too strong
        elif found is not None:
            found.append(projected)
    out: dict[object, list] = {}
    keys = {c.head[0] for c in clauses if c.head is not None} | {k for c in clauses for k, _ in c.body}
    for key in keys:
        failed = _failed_side(key)
        found = by_failure.get((failed, key[failed])) if failed is not None else None
        if found:
            fact = z3.simplify(z3.Or(found))
            if not z3.is_true(fact):
                out[key] = [lambda a, fact=fact: fact]  # over the ghosts, the same terms in every predicate
    return out


def _failed_side(key) -> int | None:
    """0 or 1 when exactly that side of the pair of locations `key` has failed a check."""
    failed = [i for i, loc in enumerate(key) if isinstance(loc, tuple)]
    return failed[0] if len(failed) == 1 else None


def _inputs_only(formula: z3.BoolRef, kept: set[int], deadline: float) -> z3.BoolRef | None:
    """A formula over the constants `kept` (by id) equivalent to ``exists others. formula``, or None."""
    others = [c for c in _constants(formula) if c.get_id() not in kept]
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
    if _quantified(out) or any(c.get_id() not in kept for c in _constants(out)):
        return None  # not eliminated
    return out


def _quantified(e: z3.ExprRef) -> bool:
    stack, visited = [e], set()
    while stack:
        x = stack.pop()
        if x.get_id() in visited:
            continue
        visited.add(x.get_id())
        if z3.is_quantifier(x):
            return True
        if z3.is_app(x):
            stack.extend(x.children())
    return False


def _constants(e: z3.ExprRef) -> list[z3.ExprRef]:
    seen: dict[int, z3.ExprRef] = {}
    stack, visited = [e], set()
    while stack:
        x = stack.pop()
        if x.get_id() in visited:
            continue
        visited.add(x.get_id())
        if z3.is_const(x) and x.decl().kind() == z3.Z3_OP_UNINTERPRETED:
            seen[x.get_id()] = x
        elif z3.is_app(x):
            stack.extend(x.children())
    return list(seen.values())
