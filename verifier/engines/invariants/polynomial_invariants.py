"""Polynomial loop invariants from sampled runs, kept if inductive (DIG, then Houdini).

For programs that multiply variables (in a loop or in a check), where linear
invariants cannot prove a check (``x == q*y + r``, ``y*y <= n``). `rounds`
samples more loop-head states than the linear guesser does (the monomial
matrix needs more rows than it has columns), then, for degree 2, 3, ... up to
`MAX_DEGREE` (while the monomials number at most `MAX_MONOMIALS`), proposes at
each loop head the polynomial equalities true of every sample
(`polynomial_candidates`), bounds of squares, and the linear guesser's
candidates (bounds, octagons), and yields the largest inductive
subset of them (Houdini, `inductive_subset`): an invariant of the integer
reading, one formula per loop head, that the caller certifies like any other
(both solvers re-check it), stopping at the first round that proves its checks.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import z3

from ... import ir
from ...cfa import Cfa
from ...invariant_certificate import ite_cases
from ...irutil import subexpressions
from .horn import HornView, Invariant, live_variables
from .polynomial_candidates import independent_names, monomial_bounds, monomials, polynomial_equalities
from .rendering import conj, conjuncts
from .sampled_invariants import guess_candidates, program_constants, sample_states
from ...solver import check

__all__ = ["multiplies_variables", "rounds", "inductive_subset", "MAX_DEGREE"]

#: Highest degree tried: the literature's loops need up to 4 (sums of cubes) with few variables.
MAX_DEGREE = 4
#: A degree is tried at a loop head only while its monomials number at most this
#: (the samples must outnumber them, and Houdini's queries grow with them).
MAX_MONOMIALS = 60
#: Sampling for the null space: runs, edges per run, distinct states kept per
#: head and per run (more rows than the largest matrix has columns).
RUNS, MAX_EDGES, MAX_STATES, STATES_PER_RUN = 48, 1500, 160, 12
#: Sampling gets at most this share of the polynomial step's budget.
SAMPLE_SHARE = 0.4
#: z3's limit per Houdini query (products make some undecidable: the candidate goes).
QUERY_MS = 500


def multiplies_variables(cfa: Cfa) -> bool:
    """Does some edge of `cfa` multiply two non-constant integer expressions?"""
    for edge in cfa.edges:
        for attr in ("value", "cond", "expr"):
            e = getattr(edge.action, attr, None)
            if not isinstance(e, ir.Expr):
                continue
            for sub in subexpressions(e):
                if isinstance(sub, ir.Binary) and sub.op == "mul" and not isinstance(sub.left, ir.Const) \
                        and not isinstance(sub.right, ir.Const):
                    return True
    return False


def rounds(view: HornView, keys: set, deadline: float) -> Iterator[Invariant]:
    """Inductive invariants of `view` (integer terms), one per round, until the
    rounds run out or `deadline` passes: the linear guesser's candidates
    (`sampled_invariants.guess_candidates`) with polynomial equalities of degree
    2, 3, ... (while some loop head can take a higher degree), then with bounds
    of squares too."""
    ts = view.ts
    start = time.monotonic()
    states = sample_states(ts.cfa, start + SAMPLE_SHARE * max(0.0, deadline - start), runs=RUNS,
                           max_edges=MAX_EDGES, max_states=MAX_STATES, per_run=STATES_PER_RUN)
    ints = {n for n, t in ts.variables.items() if isinstance(t, ir.IntType)}
    live = live_variables(view, keys)
    base = guess_candidates(states, live, ints, program_constants(ts.cfa))
    independent: dict[int, list[str]] = {h: [] for h in ts.cfa.loops}
    for h in ts.cfa.loops:
        names = [n for n in live.get(h, []) if n in ints]
        if states.get(h) and names:
            independent[h], affine = independent_names(states[h], names)
            base[h] += affine
    equalities: dict[int, list[z3.BoolRef]] = {h: [] for h in ts.cfa.loops}
    for degree in range(2, MAX_DEGREE + 1):
        grown = False
        for h, names in independent.items():
            if names and len(monomials(names, degree)) <= MAX_MONOMIALS:
                found = polynomial_equalities(states[h], names, degree)
                if found is not None:
                    equalities[h], grown = found, True
        if not grown:
            break
        inv = inductive_subset(view, {h: base[h] + equalities[h] for h in ts.cfa.loops}, deadline)
        if inv is None:
            return
        yield inv
    bounds = {h: monomial_bounds(states[h], names) if names else [] for h, names in independent.items()}
    if any(bounds.values()):
        inv = inductive_subset(view, {h: base[h] + equalities[h] + bounds[h] for h in ts.cfa.loops}, deadline)
        if inv is not None:
            yield inv


def inductive_subset(view: HornView, candidates: dict[int, list[z3.BoolRef]], deadline: float,
                     query_ms: int = QUERY_MS) -> Invariant | None:
    """The largest subset of `candidates` (per loop head) closed under every block
    into a loop head (Houdini), or None past `deadline`.

    Each block is checked case by case on the conditions of its if-then-else
    terms (a large block merges a loop body's branches; z3 decides products
    under such terms badly, and each case alone readily). A candidate z3 cannot
    decide within `query_ms` is dropped alone: the others are then checked one
    by one, so one hard candidate does not cost the easy ones."""
    ts = view.ts
    heads = set(ts.cfa.loops)
    live = {h: list(candidates.get(h, [])) for h in heads}
    blocks = view.loop_blocks()
    changed = True
    while changed:
        changed = False
        for b in blocks:
            if not live[b.dst]:
                continue
            subst = [(ts.current[n], v) for n, v in b.update.items()]
            posts = [z3.substitute(c, *subst) if subst else c for c in live[b.dst]]
            pre = [view.state_facts, view.nondet_facts, b.guard, *(live[b.src] if b.src in heads else [])]
            keep = set(range(len(posts)))
            for case, case_posts in ite_cases(posts):
                solver = z3.Solver()
                solver.add(*pre, *case)
                kept = _kept(solver, {i: case_posts[i] for i in sorted(keep)}, deadline, query_ms)
                if kept is None:
                    return None
                keep &= kept
            if len(keep) < len(posts):
                live[b.dst] = [c for i, c in enumerate(live[b.dst]) if i in keep]
                changed = True
    return {h: conj(live[h]) for h in heads}


def _kept(solver: z3.Solver, posts: dict[int, z3.BoolRef], deadline: float, query_ms: int) -> set[int] | None:
    """The indices of `posts` that `solver`'s assertions imply (as far as z3 decides
    within `query_ms` each), or None past `deadline` or on a model that falsifies none."""
    posts = dict(posts)
    while posts:
        if time.monotonic() >= deadline:
            return None
        found = check(solver, deadline, z3.Or([z3.Not(p) for p in posts.values()]), cap_s=query_ms / 1000)
        if found.unsat:
            break
        if found.sat:
            drop = {i for i, p in posts.items() if z3.is_false(found.model.eval(p, model_completion=True))}
            if not drop:
                return None  # a model that falsifies nothing: give up rather than loop
        else:
            drop = {i for i, p in posts.items() if not check(solver, deadline, z3.Not(p), cap_s=query_ms / 1000).unsat}
            if not drop:
                break  # each holds alone: so does their conjunction
        posts = {i: p for i, p in posts.items() if i not in drop}
    return set(posts)
