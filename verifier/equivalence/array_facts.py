"""Coupling facts over arrays at the compared index, guessed for the product's Houdini round.

The product compares an array output at one free index, its witness ``w``
(`pairing.Pair.witnesses`): the sides agree on the array when they agree at
every ``w``. The product's predicates take ``w`` as an argument, constant along
a run like the ghost inputs, so a coupling invariant can speak of the element
at ``w`` without a quantifier (the clauses hold for every ``w``, and no step
reads or changes it). Loops that fill, clear or copy arrays keep facts about
the part they have done, which the scalar candidates cannot say; for two
fused loops, or a fill one side does before the other starts, they are

    X[w] == Y[w]                              (the same element on both sides, or still the input's)
    0 <= w < h  ->  X[w] == Y[w]              (the done part)
    !(0 <= w < h)  ->  X[w] == Y[w]           (the part not done yet)
    0 <= w < h  ->  X[w] == v(w)              (what the side stores at an index, read at w)

with `X` an array of one side, `Y` an array of the same sort of the other side
or a ghost copy of an input array, `h` an integer the predicate keeps (a
counter, a length; a narrower bit-vector extended by its signedness) and
`v(w)` a value the side stores into `X` (``a[i] = 2 * i + 1`` gives
``2 * w + 1``, ``a[i] = 0`` a fill by 0; `stored_values`). They are guesses:
Houdini keeps the inductive ones, and the obligations of a proof carry them
to the re-check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import z3

__all__ = ["element_candidates", "stored_values", "MAX_ELEMENT_CANDIDATES"]

#: At most this many element facts per predicate (arrays x arrays x bounds multiply quickly).
MAX_ELEMENT_CANDIDATES = 300
#: Of the values stored into one array, at most this many are tried.
MAX_STORED_VALUES = 4

Fact = Callable[[list[z3.ExprRef]], z3.BoolRef]
#: A stored value as a function of a predicate's arguments and of the index it is read at.
Value = Callable[[list[z3.ExprRef], z3.ExprRef], z3.ExprRef]


def stored_values(updates: Iterable[z3.ExprRef],
                  index_of: Callable[[z3.ExprRef], object]) -> list[tuple[object, z3.ExprRef]]:
    """(index, value) of every ``Store(_, i, value)`` in `updates` whose index `i`
    `index_of` names (None: not a plain variable), at most `MAX_STORED_VALUES`, in order."""
    found: list[tuple[object, z3.ExprRef]] = []
    stack = list(updates)
    seen: set[int] = set()
    while stack and len(found) < MAX_STORED_VALUES:
        e = stack.pop()
        if not z3.is_app(e) or e.get_id() in seen:
            continue
        seen.add(e.get_id())
        if z3.is_store(e):
            index = index_of(e.arg(1))
            if index is not None and not any(index == i and e.arg(2).eq(v) for i, v in found):
                found.append((index, e.arg(2)))
        stack.extend(e.children())
    return found


def element_candidates(sorts: list[z3.SortRef], witnesses: list[int], arrays: list[tuple[list[int], list[int]]],
                       bounds: Callable[[int], list[int]], signed: Callable[[int], bool],
                       values: Callable[[int], list[Value]]) -> list[Fact]:
    """Element facts over the arguments of one predicate, whose sorts are
    `sorts`, at each compared index (the positions `witnesses`): per array
    compared, (the positions of its two sides' arrays, the position of the
    argument's input array, if any), at every index of its sort (an array
    read at the index where another one is compared tells about that one);
    `bounds(x)` are the positions of the integers that may bound a done part
    of the array at `x`, `values(x)` the values its side stores into it;
    `signed(i)` tells how a bit-vector argument extends to the index width."""
    out: list[Fact] = []
    for w, (compared, ghosts) in ((w, group) for w in witnesses for group in arrays):
        domain = sorts[w]
        for x in (x for x in compared if sorts[x].domain() == domain):
            fitting = [h for h in bounds(x) if _fits(sorts[h], domain)]
            stored = values(x)
            partners = [y for y in compared + ghosts if y != x and sorts[y] == sorts[x]]
            out += [_equal(x, y, w) for y in partners if y > x or y in ghosts]
            for h in fitting:
                inside = _inside(w, h, signed(h), domain)
                for y in partners:
                    out += [_when(inside, x, y, w), _when(_outside(inside), x, y, w)]
                out += [_stored(inside, x, v, w) for v in stored]
    return out[:MAX_ELEMENT_CANDIDATES]


def _fits(sort: z3.SortRef, domain: z3.SortRef) -> bool:
    """An argument of `sort` can bound indices of `domain` (the same integers, or a narrower bit-vector)."""
    if sort == domain:
        return True
    return z3.is_bv_sort(sort) and z3.is_bv_sort(domain) and sort.size() <= domain.size()


def _index(h: z3.ExprRef, signed: bool, domain: z3.SortRef) -> z3.ExprRef:
    if z3.is_bv(h) and h.size() < domain.size():
        return (z3.SignExt if signed else z3.ZeroExt)(domain.size() - h.size(), h)
    return h


def _zero(domain: z3.SortRef) -> z3.ExprRef:
    return z3.IntVal(0) if domain == z3.IntSort() else z3.BitVecVal(0, domain.size())


Condition = Callable[[list[z3.ExprRef]], z3.BoolRef]


def _inside(w: int, h: int, signed: bool, domain: z3.SortRef) -> Condition:
    """``0 <= w < h`` (signed comparisons for bit-vectors, as the outputs' comparison reads the witness)."""
    return lambda a: z3.And(_zero(domain) <= a[w], a[w] < _index(a[h], signed, domain))


def _outside(inside: Condition) -> Condition:
    return lambda a: z3.Not(inside(a))


def _equal(x: int, y: int, w: int) -> Fact:
    return lambda a: z3.Select(a[x], a[w]) == z3.Select(a[y], a[w])


def _when(condition: Condition, x: int, y: int, w: int) -> Fact:
    return lambda a: z3.Implies(condition(a), z3.Select(a[x], a[w]) == z3.Select(a[y], a[w]))


def _stored(condition: Condition, x: int, value: Value, w: int) -> Fact:
    return lambda a: z3.Implies(condition(a), z3.Select(a[x], a[w]) == value(a, a[w]))
