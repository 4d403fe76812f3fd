"""Range-quantified coupling facts over arrays, guessed for the product's Houdini round.

Loops that fill, clear or copy arrays keep facts about the part they have done,
which the product's scalar candidates cannot say: two loops fused into one, or a
fill done by one side before the other starts, agree only through

    forall k. 0 <= k < h -> X[k] == Y[k]     (the done part: equal to the other side's array)
    forall k. h <= k -> X[k] == Y[k]         (the part not done yet: still the input, a ghost)
    forall k. 0 <= k < h -> X[k] == c        (a fill by a value some side stores)

with `X` an array the predicate keeps, `Y` one of the same sort of the other side
or a ghost copy of an input, `h` an integer of `X`'s side the predicate keeps (a
bit-vector one extended to the index width by its signedness) and `c` a constant some side stores
into an array. Houdini keeps the inductive ones like any candidate; the proof's
obligations then carry the quantifiers, re-checked by both solvers as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import z3

__all__ = ["range_candidates", "stored_constants", "MAX_RANGE_CANDIDATES"]

#: At most this many range facts per predicate (arrays x arrays x bounds multiply quickly)
MAX_RANGE_CANDIDATES = 400
#: Of the constants stored into arrays, at most this many (the smallest) are tried as fill values
MAX_FILL_VALUES = 4

Fact = Callable[[list[z3.ExprRef]], z3.BoolRef]


def stored_constants(updates: Iterable[z3.ExprRef]) -> list[int]:
    """The integer constants stored into arrays (``Store(a, i, c)``) in `updates`, smallest first."""
    found: set[int] = set()
    stack = list(updates)
    seen: set[int] = set()
    while stack:
        e = stack.pop()
        if e.get_id() in seen or not z3.is_app(e):
            continue
        seen.add(e.get_id())
        if z3.is_store(e):
            value = e.arg(2)
            if z3.is_int_value(value):
                found.add(value.as_long())
            elif z3.is_bv_value(value):
                v, size = value.as_long(), value.size()
                found.add(v - (1 << size) if v >> (size - 1) else v)
        stack.extend(e.children())
    return sorted(found, key=lambda v: (abs(v), v))[:MAX_FILL_VALUES]


def range_candidates(sorts: list[z3.SortRef], sides: list[str], signed: Callable[[int], bool],
                     fills: list[int], same: Callable[[int, int], bool]) -> list[Fact]:
    """Range facts over the arguments of one predicate, whose sorts are `sorts` and sides `sides` (``A``,
    ``B``, or ``""`` for a ghost copy of an input); `signed(i)` tells how a bit-vector argument extends. `Y`
    is on the other side than `X`, or a ghost; of bounds known to be equal (`same`), one stands for all."""
    arrays = [i for i, s in enumerate(sorts) if isinstance(s, z3.ArraySortRef)]
    out: list[Fact] = []
    for x in (i for i in arrays if sides[i]):
        domain, elem = sorts[x].domain(), sorts[x].range()
        numeric = elem == z3.IntSort() or z3.is_bv_sort(elem)
        bounds: list[int] = []
        for h in (h for h in range(len(sorts)) if sides[h] == sides[x] and _fits(sorts[h], domain)):
            if not any(sorts[g] == sorts[h] and same(g, h) for g in bounds):
                bounds.append(h)
        partners = [y for y in arrays if sides[y] != sides[x] and sorts[y] == sorts[x]]
        for h in bounds:
            out += [_done_fill(x, c, h, signed(h), domain, elem) for c in (fills if numeric else [])]
            out += [make(x, y, h, signed(h), domain) for y in partners for make in (_done_equal, _rest_equal)]
    for fact in out:
        fact.quantified = True  # type: ignore[attr-defined]  # `product`'s Houdini drops these first
    return out[:MAX_RANGE_CANDIDATES]


def _fits(sort: z3.SortRef, domain: z3.SortRef) -> bool:
    """An argument of `sort` can bound indices of `domain` (the same integers, or a narrower bit-vector)."""
    if sort == domain:
        return True
    return z3.is_bv_sort(sort) and z3.is_bv_sort(domain) and sort.size() <= domain.size()


def _index(h: z3.ExprRef, signed: bool, domain: z3.SortRef) -> z3.ExprRef:
    if z3.is_bv(h) and h.size() < domain.size():
        return (z3.SignExt if signed else z3.ZeroExt)(domain.size() - h.size(), h)
    return h


def _bound(domain: z3.SortRef) -> z3.ExprRef:
    return z3.Const("k!range", domain)


def _zero(domain: z3.SortRef) -> z3.ExprRef:
    return z3.IntVal(0) if domain == z3.IntSort() else z3.BitVecVal(0, domain.size())


def _done_equal(x: int, y: int, h: int, signed: bool, domain: z3.SortRef) -> Fact:
    def fact(a: list[z3.ExprRef]) -> z3.BoolRef:
        k = _bound(domain)
        inside = z3.And(_zero(domain) <= k, k < _index(a[h], signed, domain))
        return z3.ForAll([k], z3.Implies(inside, z3.Select(a[x], k) == z3.Select(a[y], k)))
    return fact


def _rest_equal(x: int, y: int, h: int, signed: bool, domain: z3.SortRef) -> Fact:
    def fact(a: list[z3.ExprRef]) -> z3.BoolRef:
        k = _bound(domain)
        return z3.ForAll([k], z3.Implies(_index(a[h], signed, domain) <= k,
                                         z3.Select(a[x], k) == z3.Select(a[y], k)))
    return fact


def _done_fill(x: int, c: int, h: int, signed: bool, domain: z3.SortRef, elem: z3.SortRef) -> Fact:
    value = z3.IntVal(c) if elem == z3.IntSort() else z3.BitVecVal(c, elem.size())

    def fact(a: list[z3.ExprRef]) -> z3.BoolRef:
        k = _bound(domain)
        inside = z3.And(_zero(domain) <= k, k < _index(a[h], signed, domain))
        return z3.ForAll([k], z3.Implies(inside, z3.Select(a[x], k) == value))
    return fact
