"""Guessed sums over small arrays: ``a[0] + ... + a[N - 1] == x + c`` and ``s == a[0] + ... + a[x - 1]``.

A loop that counts into an array (a histogram: ``h[v % 5]++`` once per iteration)
keeps the sum of its elements equal to the number of iterations, whichever
element each one bumps; a loop that totals an array keeps its total equal to the
sum of the part walked. Neither is a fact about any one element, so the range
templates of `prefix_invariants` cannot say it. For an array of fixed size
``N <= MAX_SIZE`` the sum is a linear term (its N elements added), and the sum of
the part before index `x` is one with each element guarded by ``i < x``, which
prints ``(0 < x ? a[0] : 0) + (1 < x ? a[1] : 0) + ...``.

`sum_candidates` proposes, for every loop head and such array live there, each
fact of these forms true of every sampled state:

- ``sum(a) == c``, ``sum(a) == x + c`` and ``sum(a) == c - x`` (`c` a number the
  samples give, `x` an integer variable not constant in them);
- ``s == sum(a[0 .. x))`` (`s`, `x` integer variables, `x` within ``0 .. N`` in
  every sample, the sums not all 0), where a fact of the first kind holds (the
  running total of an array whose sum is not known is bounded by the accumulated
  bounds of `accumulated_bounds`, which bit-vectors decide faster).

Houdini keeps the inductive ones with the range facts, and the certifier
re-checks them like any invariant. Formulas are in the integer reading (see
`prefix_invariants`).
"""

from __future__ import annotations

import z3

from ... import ir
from ...arrays import element
from ...cfa import Cfa

__all__ = ["sum_candidates", "MAX_SIZE"]

#: Arrays of at most this many elements are summed (a sum is a term with one read
#: per element; the competition's histograms and tables are this small or symbolic).
MAX_SIZE = 16
#: At most this many sum facts per loop head.
MAX_PER_HEAD = 12

Env = dict[str, object]


def sum_candidates(cfa: Cfa, states: dict[int, list[Env]], live: dict[int, list[str]]) -> dict[int, list[z3.BoolRef]]:
    """The sum facts true of every sampled state at each loop head (heads without samples get none)."""
    types = cfa.variables
    out: dict[int, list[z3.BoolRef]] = {}
    for head in cfa.loops:
        samples = states.get(head, [])
        names = live.get(head, list(types))
        ints = [n for n in names if isinstance(types[n], ir.IntType) and not n.startswith("__")]
        arrays = [n for n in names if _summable(types[n])]
        if not samples or not arrays:
            continue
        found = [f for a in arrays for f in _facts(a, types[a].size, ints, samples)]
        if found:
            out[head] = found[:MAX_PER_HEAD]
    return out


def _summable(t: ir.Type) -> bool:
    return isinstance(t, ir.ArrayType) and isinstance(t.elem, ir.IntType) and t.size is not None \
        and 1 < t.size <= MAX_SIZE


def _facts(a: str, size: int, ints: list[str], samples: list[Env]):
    """The facts over array `a` (of `size` elements) and the integers `ints` true of every sample."""
    try:
        elements = [[element(env[a], i) for i in range(size)] for env in samples]
        values = {x: [int(env[x]) for env in samples] for x in ints}
    except (KeyError, TypeError):
        return
    av = z3.Array(a, z3.IntSort(), z3.IntSort())
    total = z3.Sum([av[i] for i in range(size)])
    totals = [sum(row) for row in elements]
    whole = [total == totals[0]] if len(set(totals)) == 1 else []
    for x, xs in values.items():
        if len(set(xs)) == 1:
            continue  # no evidence beyond the constant sum
        for sign in (1, -1):
            if len({t - sign * v for t, v in zip(totals, xs)}) == 1:
                whole.append(total == sign * z3.Int(x) + (totals[0] - sign * xs[0]))
    yield from whole
    if not whole:
        return  # a running total matters where the whole sum is known (else its bounds say enough)
    for x, xs in values.items():
        if not all(0 <= v <= size for v in xs):
            continue
        partial = [sum(row[:v]) for row, v in zip(elements, xs)]
        if not any(partial):
            continue
        prefix = z3.Sum([z3.If(i < z3.Int(x), av[i], 0) for i in range(size)])
        for s, ss in values.items():
            if s != x and ss == partial:
                yield z3.Int(s) == prefix
