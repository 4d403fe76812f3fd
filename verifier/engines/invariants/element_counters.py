"""Guessed bounds of each element of a small array, alone and against a counter: ``a[j] <= k``.

A loop that adds at most one to some element of a fixed array per iteration
(``table[lookup(x)].count++``) keeps every element at most its counter: the
fact that proves the increments do not overflow and bounds the elements after
the loop. No other guess says it: prefix facts quantify over an index the loop
walks, octagons are over scalar variables. For arrays of a constant length of
at most `MAX_ELEMENTS` integers (global and local C arrays and struct arrays,
one array per field) whose elements some assignment steps by a constant
(`counted_arrays`), `element_counter_candidates` proposes, per loop head that
assigns the array and element ``j``, quantifier-free facts true of every sampled
state there: its least and greatest sampled values (and 0 beyond them) as
bounds, and, against each of the program's own integer variables ``v`` the loop
assigns, ``a[j] - v <= d`` for the greatest sampled difference ``d`` (and 0
above it). Houdini keeps the inductive ones, and the certifier re-checks them
like any invariant. Formulas are in the integer reading (see `prefix_invariants`).
"""

from __future__ import annotations

import z3

from ... import ir
from ...arrays import ArrayValue
from ...cfa import Cfa

__all__ = ["element_counter_candidates", "counted_arrays", "MAX_ELEMENTS"]

#: Arrays longer than this get no facts per element (their number grows with the length).
MAX_ELEMENTS = 8
#: At most this many facts per loop head (elements times variables grow quickly).
MAX_PER_HEAD = 60

Env = dict[str, object]


def element_counter_candidates(cfa: Cfa, states: dict[int, list[Env]], live: dict[int, list[str]]
                               ) -> dict[int, list[z3.BoolRef]]:
    """Per loop head (with samples), the facts of the module doc about each element of the
    short integer arrays a loop counts in (`counted_arrays`), against the live integer
    variables of the program that the loop assigns."""
    types = cfa.variables
    counted = counted_arrays(cfa)
    out: dict[int, list[z3.BoolRef]] = {}
    for head, loop in cfa.loops.items():
        samples = states.get(head, [])
        names = live.get(head, list(types))
        arrays = [a for a in names if a in counted and a in loop.assigned]
        counters = [n for n in names if n in loop.assigned and isinstance(types[n], ir.IntType)
                    and not n.startswith("__") and not any(mark in n for mark in "#$[.")]
        if not samples or not arrays:
            continue
        found = [f for a in arrays for j in range(types[a].size)
                 for f in _element_facts(a, j, counters, samples)]
        if found:
            out[head] = found[:MAX_PER_HEAD]
    return out


def counted_arrays(cfa: Cfa) -> set[str]:
    """The integer arrays of a constant length of at most `MAX_ELEMENTS` that some assignment
    steps by a constant in place (``a[x] = a[x] + 1``, ``a[x]++`` through a temporary holding
    ``a[x]``: an element used as a counter)."""
    assigns = [e.action for e in cfa.edges if isinstance(e.action, ir.Assign)]
    read_from = _element_copies(assigns)
    found = set()
    for action in assigns:
        store = action.value
        if not (isinstance(store, ir.Store) and isinstance(store.array, ir.Var) and store.array.name == action.target):
            continue
        t = cfa.variables.get(action.target)
        if not (isinstance(t, ir.ArrayType) and isinstance(t.elem, ir.IntType) and t.size is not None
                and 0 < t.size <= MAX_ELEMENTS):
            continue
        step = _uncast(store.value)
        if isinstance(step, ir.Binary) and step.op in ("add", "sub"):
            sides = [_uncast(step.left), _uncast(step.right)]
            olds = [_element_of(e) or (read_from.get(e.name) if isinstance(e, ir.Var) else None) for e in sides]
            if any(isinstance(e, ir.Const) for e in sides) and action.target in olds:
                found.add(action.target)
    return found


def _element_copies(assigns: list[ir.Assign]) -> dict[str, str]:
    """Variable -> the array it holds an element of: assigned a read of it, or a copy of such a variable."""
    found: dict[str, str] = {}
    changed = True
    while changed:
        changed = False
        for a in assigns:
            value = _uncast(a.value)
            array = _element_of(value) or (found.get(value.name) if isinstance(value, ir.Var) else None)
            if array is not None and found.get(a.target) != array:
                if a.target in found:  # copies of two arrays: neither
                    continue
                found[a.target] = array
                changed = True
    return found


def _element_of(e: ir.Expr) -> str | None:
    """The array `e` reads an element of (casts aside; of an if-then-else, the one array its
    branches read: a read through a pointer picks its object so), if it is such a read."""
    e = _uncast(e)
    if isinstance(e, ir.Select) and isinstance(e.array, ir.Var):
        return e.array.name
    if isinstance(e, ir.Ite):
        arrays = {_element_of(e.then), _element_of(e.other)} - {None}
        return arrays.pop() if len(arrays) == 1 else None
    return None


def _uncast(e: ir.Expr) -> ir.Expr:
    while isinstance(e, ir.Cast):
        e = e.arg
    return e


def _element_facts(a: str, j: int, counters: list[str], samples: list[Env]):
    """The facts over ``a[j]`` (and each counter) true of every sample (none if a sample lacks them)."""
    values = [env[a].select(j) for env in samples if isinstance(env.get(a), ArrayValue)]
    if len(values) != len(samples):
        return
    element = z3.Array(a, z3.IntSort(), z3.IntSort())[j]
    lo, hi = min(values), max(values)
    yield from [element >= b for b in sorted({lo, min(lo, 0)}, reverse=True)]
    yield from [element <= b for b in sorted({hi, max(hi, 0)})]
    for n in counters:
        counts = [env.get(n) for env in samples]
        if not all(isinstance(c, int) for c in counts):
            continue
        d = max(v - c for v, c in zip(values, counts))
        yield from [element - z3.Int(n) <= b for b in sorted({d, max(d, 0)})]
