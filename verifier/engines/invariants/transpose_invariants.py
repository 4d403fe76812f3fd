"""Guessed facts of a square 2-D array transposed in place: which cells hold the other array's mirror.

A C ``m[C][C]`` is one flat array (`prefix_invariants`), so the cell in row `r`,
column `l` is ``m[C * r + l]`` and its mirror ``m[C * l + r]``. A loop that swaps
each cell above the diagonal with its mirror, row `i` by row (``for i, for j > i:
swap m[i][j], m[j][i]``), keeps the cells it has swapped equal to the mirror of the
array it started from (a copy `b` the program keeps, or the array a previous pass
produced) and the others as they were. With ``lo, hi`` the lower and the higher of a
cell's row and column, the swapped cells are

- ``lo < i`` at the head of the loop over rows, and
- ``lo < i || (lo == i && hi < j)`` at the head of the loop over the columns `j` of
  row `i` (the cells of row and column `i` done).

`transpose_candidates` proposes, for every loop head, every pair of arrays `a`, `b`
of ``C * C`` elements (`b` with the shape ``[_][C]``, `a` of that length in every
sample, `C` at most `MAX_SIDE`) and such a region `R` over two integer variables
within ``0 .. C`` in every sample, the facts "in `R`, `a` holds `b`'s mirror" and
"in `R`, `a` holds `b`'s own elements", and the same of the cells outside `R`, each
kept when true of every sampled state (and not vacuous: `R` neither empty nor
everything in all of them). A fact is one implication per cell
(``i > 1 || (i == 1 && j > 2) -> m[5] == c[7]``), not ``forall k`` over the flat
index: with the row and column as ``k / C`` and ``k % C`` z3 often answers unknown
on the swap's consecution, and cvc5 too, while the C * C cells are decided at once.
Houdini keeps the inductive ones, and the certifier re-checks them like any
invariant. Formulas are in the integer reading (see `prefix_invariants`).
"""

from __future__ import annotations

import z3

from ... import ir
from ...arrays import element, length_of
from ...cfa import Cfa

__all__ = ["transpose_candidates", "MAX_SIDE"]

#: At most this many facts per loop head (regions times array pairs).
MAX_PER_HEAD = 24
#: Arrays of at most this many rows (a fact has one implication per cell).
MAX_SIDE = 4

Env = dict[str, object]


def transpose_candidates(cfa: Cfa, states: dict[int, list[Env]], live: dict[int, list[str]],
                         array_dims: dict[str, tuple[int, ...]]) -> dict[int, list[z3.BoolRef]]:
    """The mirrored and kept-cell facts true of every sampled state at each loop head."""
    types = cfa.variables
    out: dict[int, list[z3.BoolRef]] = {}
    for head in cfa.loops:
        samples = states.get(head, [])
        names = live.get(head, list(types))
        if not samples:
            continue
        found = []
        for b in names:
            side = _side(b, types, array_dims)
            if side is None:
                continue
            for a in names:
                if a != b and _elements(types[a]) == _elements(types[b]) \
                        and all(_length(a, types[a], env) == side * side for env in samples):
                    found += _facts(a, b, side, _counters(names, types, samples, side), samples)
        if found:
            out[head] = found[:MAX_PER_HEAD]
    return out


def _side(b: str, types, array_dims: dict[str, tuple[int, ...]]) -> int | None:
    """C when `b` is a ``[C][C]`` array of integers, else None."""
    t = types.get(b)
    dims = array_dims.get(b)
    if not isinstance(t, ir.ArrayType) or not isinstance(t.elem, ir.IntType) or dims is None or len(dims) != 1:
        return None
    side = dims[0]
    return side if t.size == side * side and 1 < side <= MAX_SIDE else None


def _length(a: str, t: ir.ArrayType, env: Env) -> int | None:
    """`arrays.length_of`, also for an inlined callee's array parameter (``m@c1``,
    whose length variable the inlining renamed ``m#len@c1``)."""
    found = length_of(a, t, env)
    if found is None and "@" in a:
        base, copy = a.split("@", 1)
        found = env.get(f"{ir.length_name(base)}@{copy}")
    return found


def _elements(t: ir.Type) -> ir.Type | None:
    return t.elem if isinstance(t, ir.ArrayType) else None


def _counters(names: list[str], types, samples: list[Env], side: int) -> list[str]:
    """The integer variables within ``0 .. side`` in every sample, not constant in them."""
    out = []
    for x in names:
        if not isinstance(types[x], ir.IntType) or x.startswith("__"):
            continue
        values = [env.get(x) for env in samples]
        if all(isinstance(v, int) and 0 <= v <= side for v in values) and len(set(values)) > 1:
            out.append(x)
    return out


def _regions(counters: list[str]):
    """(formula at a cell, value at a cell of a sample) of each region, cell by cell through
    its lower and higher coordinate ``lo, hi``: the rows done (``lo < x``) and, with the cells
    of row and column `x` before `y`, one row done (``lo < x || (lo == x && hi < y)``)."""
    for x in counters:
        yield (lambda r, l, x=x: z3.Int(x) > min(r, l),
               lambda r, l, env, x=x: env[x] > min(r, l))
        for y in counters:
            if y != x:
                yield (lambda r, l, x=x, y=y: z3.Or(z3.Int(x) > min(r, l),
                                                     z3.And(z3.Int(x) == min(r, l), z3.Int(y) > max(r, l))),
                       lambda r, l, env, x=x, y=y: env[x] > min(r, l) or (env[x] == min(r, l) and env[y] > max(r, l)))


def _facts(a: str, b: str, side: int, counters: list[str], samples: list[Env]):
    """The region facts over `a` and `b` (arrays of ``side * side`` elements) true of every sample."""
    av, bv = z3.Array(a, z3.IntSort(), z3.IntSort()), z3.Array(b, z3.IntSort(), z3.IntSort())
    cells = [(r, l) for r in range(side) for l in range(side)]
    try:
        mirrored = [{(r, l): element(env[a], side * r + l) == element(env[b], side * l + r) for r, l in cells}
                    for env in samples]
        kept = [{(r, l): element(env[a], side * r + l) == element(env[b], side * r + l) for r, l in cells}
                for env in samples]
    except (KeyError, TypeError):
        return
    for formula, value in _regions(counters):
        inside = [{c for c in cells if value(*c, env)} for env in samples]
        if not any(inside) or all(len(s) == len(cells) for s in inside):
            continue  # empty, or everything, in every sample: no evidence for one side
        for mirror, truth in ((True, mirrored), (False, kept)):
            for outside, cells_of in ((False, inside), (True, [set(cells) - s for s in inside])):
                if all(truth[n][c] for n, chosen in enumerate(cells_of) for c in chosen):
                    yield z3.And([_cell(av, bv, side, r, l, formula(r, l), mirror, outside) for r, l in cells])


def _cell(av: z3.ArrayRef, bv: z3.ArrayRef, side: int, r: int, l: int, region: z3.BoolRef, mirror: bool,
          outside: bool) -> z3.BoolRef:
    """The fact at cell (r, l): in the region (outside it, with `outside`), `a` holds `b`'s
    mirror there (with `mirror`), else `b`'s own element."""
    within = z3.Not(region) if outside else region
    theirs = bv[side * l + r] if mirror else bv[side * r + l]
    return z3.Implies(z3.simplify(within), av[side * r + l] == theirs)
