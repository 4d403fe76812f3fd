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
    """Per predicate key, candidate facts (functions of the predicate's arguments):
    the equalities fitted to the states seen there (and the values that never change
    there); the same per case of an input
    (``n >= 1`` or ``n <= 0``: a loop up to n runs max(n, 0) times), as
    implications; and the equalities of one side's variables (and the inputs)
    fitted where that side is at some location, at every pair where it is there."""
    out: dict[object, list] = {}
    local: list[tuple[object, int, dict[tuple[tuple[str, str], ...], int]]] = []  # (key, side, equality by name)
    for key, seen in observe(product, clauses, deadline).items():
        if key not in product.preds:
            continue
        ints = [i for i, v in enumerate(seen[0]) if not isinstance(v, bool) and product._sort_of(key, i) == z3.IntSort()]
        if not ints:
            continue
        table = [[row[i] for i in ints] for row in seen]
        fitted = fit_equalities(table)
        n_named = len(product.arg_names[key])
        for i in ints:  # a variable that keeps its value here (an accumulator of a loop not yet run)
            if i < n_named and len({row[i] for row in seen}) == 1 and len(seen) > 1:
                out.setdefault(key, []).append(_candidate({(i,): 1, (): -seen[0][i]}, list(range(len(seen[0])))))
                local.append((key, *_by_name(product, key, {(i,): 1, (): -seen[0][i]})))
        for equality in fitted:
            if len(equality) == 2 and all(len(m) == 1 for m in equality) and sorted(equality.values()) == [-1, 1]:
                continue  # x == y: Houdini's pairs have it already
            out.setdefault(key, []).append(_candidate(equality, ints))
            named = _by_name(product, key, {tuple(ints[i] for i in m): c for m, c in equality.items()})
            if named is not None:
                local.append((key, *named))
        out.setdefault(key, []).extend(_case_candidates(product, key, seen, ints, fitted))
    for key in product.preds:
        for origin, side, equality in local:
            if origin != key and origin[side] == key[side] and (found := _at(product, key, equality)) is not None:
                out.setdefault(key, []).append(found)
    return out


#: Most facts per predicate from the cases of the inputs.
MAX_CASE_FACTS = 16


def _case_candidates(product, key, seen: list[list], ints: list[int], fitted: list) -> list:
    """``case -> equality`` for each case ``g >= 1`` / ``g <= 0`` of an integer input g
    that splits the rows: linear equalities fitted to the rows of the case alone, and
    ``x == v`` for a column constant there only, ``x <= g`` where that holds there only;
    those that hold on every row left out."""
    n_named = len(product.arg_names[key])
    out: list = []
    everywhere = [{tuple(ints[i] for i in m): c for m, c in e.items()} for e in fitted]
    for g in (i for i in ints if n_named <= i < n_named + len(product.pair.ghosts)):
        for positive in (True, False):
            part = [row for row in seen if (row[g] >= 1) == positive]
            if len(part) < 2 or len(part) == len(seen):
                continue

            def case(a, g=g, positive=positive):
                return a[g] >= 1 if positive else a[g] <= 0

            for i in ints:
                if len({row[i] for row in part}) == 1 and len({row[i] for row in seen}) > 1:
                    out.append(_implied(case, lambda a, i=i, v=part[0][i]: a[i] == v))
                elif i < n_named and all(row[i] <= row[g] for row in part) and \
                        not all(row[i] <= row[g] for row in seen):  # a counter up to the input, in this case
                    out.append(_implied(case, lambda a, i=i: a[i] <= a[g]))
            table = [[row[i] for i in ints] for row in part]
            for equality in fit_equalities(table, degree=1):
                by_position = {tuple(ints[i] for i in m): c for m, c in equality.items()}
                if by_position not in everywhere:
                    out.append(_implied(case, _candidate(equality, ints)))
    return out[:MAX_CASE_FACTS]


def _implied(case, fact):
    return lambda a: z3.Implies(case(a), fact(a))


def _by_name(product, key, equality: dict[tuple[int, ...], int]):
    """(side index, the equality over (side, name) and ("", input) pairs) when it reads
    one side's variables and the inputs only, else None."""
    names = product.arg_names[key]
    ghosts = list(product.pair.ghosts)
    sides = set()
    named: dict[tuple[tuple[str, str], ...], int] = {}
    for monomial, c in equality.items():
        parts = []
        for p in monomial:
            if p < len(names):
                sides.add(names[p][0])
                parts.append(names[p])
            elif p - len(names) < len(ghosts):
                parts.append(("", ghosts[p - len(names)]))
            else:
                return None  # a witness: its value differs from run to run
        named[tuple(parts)] = c
    if len(sides) != 1:
        return None
    return (0 if sides == {"A"} else 1), named


def _at(product, key, equality: dict[tuple[tuple[str, str], ...], int]):
    """The fact `equality` (by name) over the arguments of `key`, or None when one is missing there."""
    names = product.arg_names[key]
    ghosts = list(product.pair.ghosts)
    position = {n: i for i, n in enumerate(names)} | {("", g): len(names) + k for k, g in enumerate(ghosts)}
    if any(part not in position for monomial in equality for part in monomial):
        return None
    return _candidate({tuple(position[part] for part in m): c for m, c in equality.items()},
                      list(range(len(names) + len(ghosts))))


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
