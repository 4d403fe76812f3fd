"""Run a product program on a few small inputs and guess polynomial invariants from it.

`polynomial_candidates(product, clauses, deadline)` executes the product's
clauses concretely (each step: the clause whose constraint holds for the
current values; the sides are deterministic, so at most one does) from small
inputs, records the integer arguments of every predicate it passes, and fits
polynomial equalities of degree two to them (`polyfit`). The result is, per
predicate, candidate facts for Houdini, which keeps only the inductive ones:
``2 * s1 == i1 * i1 - i1`` for a loop summing 1..i-1 next to Gauss's formula,
``r1 == x1 * i1`` for multiplication by repeated addition.
"""

from __future__ import annotations

import itertools
import random
import time

import z3

from .polyfit import fit_equalities

__all__ = ["polynomial_candidates", "observe"]

#: Inputs tried and steps per run: enough rows for a fit of ~30 monomials.
MAX_INPUTS = 24
MAX_STEPS = 40
#: Small values for each parameter.
SMALL = (-2, -1, 0, 1, 2, 3, 5, 7)
#: Sizes of each array parameter.
ARRAY_SIZES = (0, 1, 2, 3, 5)


def _value(term: z3.ExprRef):
    term = z3.simplify(term)
    if z3.is_int_value(term):
        return term.as_long()
    if z3.is_true(term):
        return True
    if z3.is_false(term):
        return False
    if z3.is_bv_value(term):
        return term.as_long()
    return None


def state_value(term: z3.ExprRef):
    """`_value`, and a concrete array (constant and stores of values) kept as its z3 term."""
    term = z3.simplify(term)
    if z3.is_array(term):
        return term if _concrete_array(term) else None
    return _value(term)


def _concrete_array(term: z3.ExprRef) -> bool:
    while z3.is_store(term):
        if not all(z3.is_int_value(a) or z3.is_bv_value(a) or z3.is_true(a) or z3.is_false(a)
                   for a in term.children()[1:]):
            return False
        term = term.arg(0)
    return z3.is_const_array(term) and _value(term.arg(0)) is not None


def input_value(param: z3.ExprRef, value: int):
    """The concrete value of a parameter for a run where the parameters are about
    `value`: the number itself, or for an array `value` small elements of varied
    sign (its length parameter, if any, is `value` too)."""
    if not z3.is_array(param):
        return bool(value) if z3.is_bool(param) else value
    index, elem = param.sort().domain(), param.sort().range()
    array = z3.K(index, _of_sort(elem, 0))
    for i in range(value):
        item = i % 2 if elem == z3.BoolSort() else (i * 7 + value) % 5 - 2
        array = z3.Store(array, _of_sort(index, i), _of_sort(elem, item))
    return z3.simplify(array)


def _of_sort(sort: z3.SortRef, value: int) -> z3.ExprRef:
    if sort == z3.BoolSort():
        return z3.BoolVal(bool(value))
    if isinstance(sort, z3.BitVecSortRef):
        return z3.BitVecVal(value, sort.size())
    return z3.IntVal(value)


def _const(term: z3.ExprRef, value) -> z3.ExprRef:
    if isinstance(value, z3.ExprRef):  # a concrete array (`state_value`)
        return value
    if z3.is_bool(term):
        return z3.BoolVal(bool(value))
    if z3.is_bv(term):
        return z3.BitVecVal(value, term.size())
    return z3.IntVal(value)


def observe(product, clauses, deadline: float) -> dict[object, list[list]]:
    """Per predicate key, the argument values seen (one row per visit)."""
    a, b, pair = product.a, product.b, product.pair
    init = next((c for c in clauses if c.group == "initiation"), None)
    if init is None or init.head is None:
        return {}
    by_body: dict[object, list] = {}
    for c in clauses:
        if len(c.body) == 1:
            by_body.setdefault(c.body[0][0], []).append(c)
    params = list(zip(a.params, b.params))
    # an array input holds as many small elements as the value chosen for it says (`input_value`)
    choices = [(0, 1) if z3.is_bool(a.current[p.name]) else ARRAY_SIZES if z3.is_array(a.current[p.name])
               else SMALL for p, _ in params]
    inputs = list(itertools.product(*choices))
    random.Random(0).shuffle(inputs)
    rows: dict[object, list[list]] = {}
    runs = 0
    for values in inputs:
        if runs >= MAX_INPUTS or time.monotonic() > deadline:
            break
        env = []
        for (p, q), v in zip(params, values):
            for term in (a.current[p.name], b.current[q.name], pair.ghosts[p.name]):
                env.append((term, input_value(term, v) if z3.is_array(term) else _const(term, v)))
        if _value(z3.substitute(init.constraint, *env)) is not True:
            continue  # outside the domain
        # the indices at which array outputs are compared: arguments of every predicate, varied by run
        env += [(w, _const(w, runs % 3)) for w in pair.witnesses]
        runs += 1
        key, args = init.head
        state = [state_value(z3.substitute(t, *env)) for t in args]
        for _ in range(MAX_STEPS):
            if any(v is None for v in state):
                break
            rows.setdefault(key, []).append(state)
            pre = product._args(key, a.current, b.current)
            subst = [(t, _const(t, v)) for t, v in zip(pre, state)]
            fired = None
            for c in by_body.get(key, []):
                if _value(z3.substitute(c.constraint, *subst)) is True:
                    fired = c
                    break
            if fired is None or fired.head is None:
                break
            key, args = fired.head
            state = [state_value(z3.substitute(t, *subst)) for t in args]
    return rows


def polynomial_candidates(product, clauses, deadline: float) -> dict[object, list]:
    """Per predicate key, candidate facts (functions of the predicate's arguments)."""
    out: dict[object, list] = {}
    for key, seen in observe(product, clauses, deadline).items():
        if key not in product.preds:
            continue
        ints = [i for i, v in enumerate(seen[0]) if not isinstance(v, bool) and product._sort_of(key, i) == z3.IntSort()]
        if not ints:
            continue
        table = [[row[i] for i in ints] for row in seen]
        for equality in fit_equalities(table):
            if len(equality) == 2 and all(len(m) == 1 for m in equality) and sorted(equality.values()) == [-1, 1]:
                continue  # x == y: Houdini's pairs have it already
            out.setdefault(key, []).append(_candidate(equality, ints))
    return out


def _candidate(equality: dict[tuple[int, ...], int], ints: list[int]):
    def fact(args):
        terms = []
        for monomial, coeff in equality.items():
            term = z3.IntVal(coeff)
            for i in monomial:
                term = term * args[ints[i]]
            terms.append(term)
        return z3.Sum(terms) == 0

    fact.polynomial = any(len(m) > 1 for m in equality)  # type: ignore[attr-defined]
    return fact


def step_ratio(pair, deadline: float) -> float | None:
    """How many steps (blocks) A takes per step of B on small inputs, where both
    end: about 2 for a loop against the same loop unrolled twice."""
    counts = [0, 0]
    for value in (3, 5, 8):
        steps = []
        for side in (pair.a, pair.b):
            if time.monotonic() > deadline:
                return None
            steps.append(_steps(side, value))
        if None not in steps:
            counts[0] += steps[0]
            counts[1] += steps[1]
    if not counts[1]:
        return None
    return counts[0] / counts[1]


def _steps(side, value: int) -> int | None:
    """Blocks `side` runs through with every parameter set to `value` (None: did not end,
    an array parameter holds `value` small elements, see `input_value`)."""
    state = {n: None for n in side.variables}
    for p in side.params:
        state[p.name] = input_value(side.current[p.name], value)
    loc = side.entry
    for count in range(1, MAX_STEPS + 1):
        subst = [(side.current[n], _const(side.current[n], v)) for n, v in state.items() if v is not None]
        fired = None
        for b in side.blocks:
            if b.src == loc and _value(z3.substitute(b.guard, *subst)) is True:
                fired = b
                break
        if fired is None:
            return None  # a check failed, an assume did not hold, or a value is unknown
        for n, term in fired.update.items():
            state[n] = state_value(z3.substitute(term, *subst))
        if fired.dst == side.exit:
            return count
        loc = fired.dst
    return None
