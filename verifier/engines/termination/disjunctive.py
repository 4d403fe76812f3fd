"""Disjunctive well-foundedness (Podelski and Rybalchenko's transition
invariants) for a loop whose ranking function changes from step to step.

A loop at head `h` terminates if the transitive closure of its one-iteration
relation ρ lies in a finite union of well-founded relations. Here each is
``R_i(s0, s) = f_i(s0) >= 0 ∧ f_i(s) <= f_i(s0) - 1`` for an affine `f_i`, and
the candidates `f_i` are the ranking functions of the loop's paths taken one
at a time (`Synthesiser` on a single path). The closure is over-approximated
by a *transition invariant* `T(s0, s)` that z3's Spacer finds for the Horn clauses

    ρ(s0, s1)                 -> T(s0, s1)
    T(s0, s) ∧ ρ(s, s')       -> T(s0, s')
    T(s0, s) ∧ ¬(R_1 ∨ ... ∨ R_k) -> false

on an exact encoding (for ``bv``, Spacer is given the exact integer reading,
`encode(cfa, "int")`: bit-vector clauses are far harder for it); `T` may be disjunctive. The
certificate is `T` and the `f_i`; its obligations (each unsatisfiable) are the
three clauses with `T` substituted, one per block of the loop for the first two.
Loops of one cut-point only (the blocks of `h` return to `h`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import ClassVar

import z3

from ... import ir
from ...affine import Lin
from ...encode import Block, TransitionSystem
from ...int_reading import int_range
from ...smt import subterms
from ..invariants.horn import quantifier_free, solve_with_restarts
from ..ranking import NoRanking, Path, RankNode, Synthesiser, Transition, affine_ge0, holds, step_terms
from .ranked_loops import live_blocks, root_transitions

#: Most candidate functions handed to Spacer (one per path, before duplicates go).
MAX_FUNCTIONS = 12


@dataclass
class TransitionInvariant:
    """A disjunctive well-foundedness certificate for the loop at `head`."""

    described: ClassVar[str] = "transition invariant"

    head: int
    functions: list[Lin]
    invariant: z3.BoolRef  # over `before` (s0) and the current state (s)
    before: dict[str, z3.ExprRef]
    obligations: list[tuple[str, z3.BoolRef]] = field(default_factory=list)


def rank_disjunctive(ts: TransitionSystem, root: frozenset[int], paths: dict[int, list[Path]],
                     variables: list[str], deadline: float) -> TransitionInvariant | None:
    """A transition invariant inside the union of the paths' ranking relations, or None."""
    if len(root) != 1:
        return None
    (head,) = root
    blocks = [b for b in live_blocks(ts) if b.src == head and b.dst == head]
    if not blocks:
        return None
    functions = _path_functions(root, paths, variables, deadline)
    if not functions:
        return None
    before = {v: z3.Const(f"{v}!before", t.sort()) for v, t in ts.current.items()}
    pred = z3.Function("transition_invariant", *[t.sort() for t in before.values()],
                       *[t.sort() for t in ts.current.values()], z3.BoolSort())

    def t_of(pre: dict[str, z3.ExprRef], cur: dict[str, z3.ExprRef]) -> z3.BoolRef:
        return pred(*[pre[v] for v in before], *[cur[v] for v in before])

    clauses = _clauses(ts, blocks, before, functions, t_of)
    status, solver, _why = solve_with_restarts([_forall(c) for c in clauses.values()], deadline)
    if status != z3.sat or solver is None:
        return None
    args = [*before.values(), *ts.current.values()]
    value = quantifier_free(solver.model().eval(pred(*args), model_completion=False))
    if any(z3.is_quantifier(t) or (z3.is_app(t) and t.decl().eq(pred)) for t in subterms(value)):
        return None
    invariant = z3.simplify(value)

    def read(pre: dict[str, z3.ExprRef], cur: dict[str, z3.ExprRef]) -> z3.BoolRef:
        return z3.substitute(invariant, *zip(args, [*[pre[v] for v in before], *[cur[v] for v in before]]))

    functions = _needed(ts, invariant, read, before, functions, deadline)
    found = TransitionInvariant(head, functions, invariant, before)
    checked = _clauses(ts, blocks, before, functions, read)
    found.obligations = [(name, z3.Not(clause)) for name, clause in checked.items()]
    return found


def _needed(ts: TransitionSystem, invariant: z3.BoolRef, read, before: dict[str, z3.ExprRef],
            functions: list[Lin], deadline: float) -> list[Lin]:
    """`functions` without those the transition invariant does not need (a shorter certificate)."""
    types = _types(ts)
    kept = list(functions)
    for f in functions:
        rest = [g for g in kept if g is not f]
        ranked = [z3.And(holds(g, before, types), affine_ge0(*_decrease(g, before, ts.current, types))) for g in rest]
        s = z3.Solver()
        s.set("timeout", max(1, int(min(1.0, deadline - time.monotonic()) * 1000)))
        s.add(read(before, ts.current), z3.Not(z3.Or(*ranked)))
        if rest and s.check() == z3.unsat:
            kept = rest
    return kept


def _types(ts: TransitionSystem) -> dict:
    """Variable types for reading forms: the exact integer reading holds each value as the number it is."""
    return {v: ir.MATH_INT if ts.current[v].sort() == z3.IntSort() else t for v, t in ts.variables.items()}


def _path_functions(root: frozenset[int], paths: dict[int, list[Path]], variables: list[str],
                    deadline: float) -> list[Lin]:
    """The ranking functions of the loop's paths, each path on its own, then
    each variable a path changes and its negation (a path whose next value the
    linear domain cannot express, such as a narrowing conversion, has none)."""
    state_vars = set(variables)
    out: list[Lin] = []
    transitions = root_transitions(root, paths, {}, state_vars, deadline)
    for t in transitions:
        for poly in (t.poly, t.poly + t.path.ranges):
            try:
                node = Synthesiser(variables, deadline).solve(root, [Transition(t.src, t.dst, poly, t.post, t.path)])
            except NoRanking:
                continue
            out += [f for f in _linear_functions(node, t.src) if f not in out]
            break
        if len(out) >= MAX_FUNCTIONS or time.monotonic() >= deadline:
            return out
    changed = sorted({v for t in transitions for v in variables if t.post.get(v, Lin.var(v)) != Lin.var(v)})
    for v in changed:
        out += [f for f in (Lin.var(v), -Lin.var(v)) if f not in out]
    return out[:MAX_FUNCTIONS]


def _linear_functions(node: RankNode, head: int) -> list[Lin]:
    found = [c.phases[0][head] for c in node.components if c.kind == "linear"]
    for child in node.children:
        found += _linear_functions(child, head)
    return found


def _clauses(ts: TransitionSystem, blocks: list[Block], before: dict[str, z3.ExprRef], functions: list[Lin],
             t_of) -> dict[str, z3.BoolRef]:
    """The clauses (implications, free variables universally meant) with `t_of`
    reading the transition invariant."""
    cur = ts.current
    types = _types(ts)
    # every value lies in its type's range (in the integer reading too: it wraps or fails a check)
    ranges = z3.And(*[int_range(cur[v], t) for v, t in ts.variables.items() if cur[v].sort() == z3.IntSort()])
    out: dict[str, z3.BoolRef] = {}
    for i, b in enumerate(blocks):
        first = [(cur[v], before[v]) for v in cur]
        guard0 = z3.And(z3.substitute(ranges, *first), z3.substitute(b.guard, *first))
        post0 = {v: z3.substitute(b.update.get(v, cur[v]), *first) for v in cur}
        out[f"one iteration (path {i + 1}) is in the transition invariant"] = \
            z3.Implies(guard0, t_of(before, post0))
        post = {v: b.update.get(v, cur[v]) for v in cur}
        out[f"the transition invariant followed by path {i + 1} is in it"] = \
            z3.Implies(z3.And(t_of(before, cur), ranges, b.guard), t_of(before, post))
    ranked = [z3.And(holds(f, before, types), affine_ge0(*_decrease(f, before, cur, types))) for f in functions]
    out["every pair in the transition invariant decreases one ranking function"] = \
        z3.Implies(t_of(before, cur), z3.Or(*ranked))
    return out


def _decrease(f: Lin, before, cur, types):
    """(items, const, pairs) of ``f(before) - f(cur) - 1`` for `affine_ge0`."""
    items, pairs, const = step_terms(f, f, before, cur, types)
    return items, const - 1, pairs


def _forall(f: z3.BoolRef) -> z3.BoolRef:
    consts = {t.decl().name(): t for t in subterms(f)
              if z3.is_const(t) and t.decl().kind() == z3.Z3_OP_UNINTERPRETED}
    return z3.ForAll(list(consts.values()), f) if consts else f


__all__ = ["TransitionInvariant", "rank_disjunctive", "MAX_FUNCTIONS"]
