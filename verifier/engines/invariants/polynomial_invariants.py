"""Polynomial loop invariants from sampled runs, kept if inductive (DIG, then Houdini).

For programs that multiply variables (in a loop or in a check), where linear
invariants cannot prove a check (``x == q*y + r``, ``y*y <= n``). `rounds`
samples more loop-head states than the linear guesser does (the monomial
matrix needs more rows than it has columns), then, for degree 2, 3, ... up to
`MAX_DEGREE` (while the monomials number at most `MAX_MONOMIALS`; past that,
over the variables the loops change), proposes at
each loop head the polynomial equalities true of every sample
(`polynomial_candidates`), bounds of squares, and the linear guesser's
candidates (bounds, octagons), and yields the largest inductive
subset of them (`polynomial_houdini`): an invariant of the integer
reading, one formula per loop head, that the caller certifies like any other
(both solvers re-check it), stopping at the first round that proves its checks.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator

import z3

from ... import ir
from ...cfa import Cfa
from ...irutil import subexpressions
from .horn import HornView, Invariant, live_variables
from .polynomial_houdini import inductive_subset
from .polynomial_candidates import independent_names, monomial_bounds, monomials, polynomial_equalities
from .sampled_invariants import guess_candidates, program_constants, sample_states

__all__ = ["multiplies_variables", "rounds", "MAX_DEGREE"]

#: Highest degree tried: the literature's loops need up to 6 (ps6: sums of fifth powers) with few variables.
MAX_DEGREE = 6
#: A degree is tried at a loop head only while its monomials number at most this
#: (the samples must outnumber them, and Houdini's queries grow with them).
MAX_MONOMIALS = 60
#: Sampling for the null space: runs, edges per run, distinct states kept per
#: head and per run (more rows than the largest matrix has columns, at inner
#: loops too, which many runs reach seldom; sampling takes some 20 ms).
RUNS, MAX_EDGES, MAX_STATES, STATES_PER_RUN = 120, 1500, 200, 12
#: Sampling gets at most this share of the polynomial step's budget.
SAMPLE_SHARE = 0.4


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


def rounds(view: HornView, keys: set, deadline: float,
           keep: Callable[[dict[str, int]], bool] | None = None) -> Iterator[Invariant]:
    """Inductive invariants of `view` (integer terms), one per round, until the
    rounds run out or `deadline` passes: for degree 2, 3, ... (while some loop
    head can take a higher degree) the polynomial equalities alone, then with
    the linear guesser's candidates (`sampled_invariants.guess_candidates`) and
    bounds of squares; without any equality, those candidates alone. With
    `keep`, only the sampled states it keeps make guesses (the states
    `view.state_facts` allows, say: the samples ignore them)."""
    ts = view.ts
    start = time.monotonic()
    states = sample_states(ts.cfa, start + SAMPLE_SHARE * max(0.0, deadline - start), runs=RUNS,
                           max_edges=MAX_EDGES, max_states=MAX_STATES, per_run=STATES_PER_RUN)
    if keep is not None:
        states = {h: [s for s in found if keep(s)] for h, found in states.items()}
    ints = {n for n, t in ts.variables.items() if isinstance(t, ir.IntType)}
    live = live_variables(view, keys)
    base: dict[int, list[z3.BoolRef]] = {}
    bounds: dict[int, list[z3.BoolRef]] = {}

    def linear_guesses() -> dict[int, list[z3.BoolRef]]:
        """The linear guesser's bounds and octagons (its multiples and equalities: the
        null space has better), made on first use: the equalities alone often suffice."""
        if not base:
            found = guess_candidates(states, live, ints, program_constants(ts.cfa))
            base.update({h: [c for c in found.get(h, []) if not _multiplies(c)] for h in ts.cfa.loops})
        return base

    def square_bounds() -> dict[int, list[z3.BoolRef]]:
        """Bounds of squares true of every sample (``a*a <= n``), made on first use."""
        if not bounds:
            bounds.update({h: monomial_bounds(states[h], independent[h]) if independent[h] else []
                           for h in ts.cfa.loops})
        return bounds

    independent: dict[int, list[str]] = {h: [] for h in ts.cfa.loops}
    affine: dict[int, list[z3.BoolRef]] = {h: [] for h in ts.cfa.loops}
    for h in ts.cfa.loops:
        names = [n for n in live.get(h, []) if n in ints]
        if states.get(h) and names:
            independent[h], affine[h] = independent_names(states[h], names)
    equalities: dict[int, list[z3.BoolRef]] = {h: [] for h in ts.cfa.loops}
    changed = {n for b in view.loop_blocks() if b.src in ts.cfa.loops for n in b.update}
    tried = False
    for degree in range(2, MAX_DEGREE + 1):
        grown = False
        for h, names in independent.items():
            if len(monomials(names, degree)) > MAX_MONOMIALS:
                names = [n for n in names if n in changed]  # too many: the loops' own variables (ps6)
            if names and len(monomials(names, degree)) <= MAX_MONOMIALS:
                found = polynomial_equalities(states[h], names, degree)
                if found is not None and {f.sexpr() for f in found} != {f.sexpr() for f in equalities[h]}:
                    equalities[h], grown = found, True
        if not grown:
            continue  # nothing new at this degree (a higher one may still fit)
        # the equalities alone first: when they suffice, the certificate reads best;
        # then with the linear guesses and bounds of squares (``a*a <= n``)
        for with_linear in (False, True):
            tier = {h: (linear_guesses()[h] + square_bounds()[h] if with_linear else []) + affine[h] + equalities[h]
                    for h in ts.cfa.loops}
            inv = inductive_subset(view, tier, deadline)
            if inv is None:
                return
            yield inv
            tried = True
    if not tried and any(square_bounds().values()):
        inv = inductive_subset(view, {h: linear_guesses()[h] + affine[h] + square_bounds()[h]
                                      for h in ts.cfa.loops}, deadline)
        if inv is not None:
            yield inv


def _multiplies(f: z3.ExprRef) -> bool:
    """Has `f` a product other than by -1 or 1 (a multiple ``a - 100*b`` or a product of variables)?
    Read from its SMT-LIB text: walking the term through z3's Python API costs
    a millisecond per candidate, which adds up over hundreds of them."""
    text = f.sexpr()
    if _COMPOUND_FACTOR.search(text):
        return True
    for product in _PRODUCT.finditer(text):
        args = _ARGUMENT.findall(product.group(1))
        numerals = [a for a in args if _NUMERAL.fullmatch(a)]
        if len(args) - len(numerals) > 1 or any(a not in ("1", "(- 1)") for a in numerals):
            return True
    return False


#: SMT-LIB products, their arguments and numerals (``(- 3)`` is one), and a product with a compound factor.
_NUMERAL = re.compile(r"\d+|\(- \d+\)")
_ARGUMENT = re.compile(r"\(- \d+\)|[^()\s]+")
_PRODUCT = re.compile(r"\(\*((?:\s+(?:\(- \d+\)|[^()\s]+))+)\)")
_COMPOUND_FACTOR = re.compile(r"\(\*(?:\s+(?:\(- \d+\)|[^()\s]+))*\s+\((?!- \d+\))")
