"""Exact linear algebra over the rationals, for fitting equalities to sampled values.

The elimination itself is FLINT's (`python-flint`'s `fmpq_mat.rref`): exact,
and some thousand times faster than Gauss-Jordan on Python `Fraction`s, which
matters for the monomial matrices of polynomial invariants (a hundred rows by
a hundred columns of large products).
"""

from __future__ import annotations

from fractions import Fraction

import flint

__all__ = ["null_space"]


def null_space(rows: list[list[Fraction | int]], width: int) -> list[list[Fraction]]:
    """A basis of {v : row · v = 0 for every row}: one vector per free column `f`
    of the reduced row echelon form (pivots taken from the left), with ``v[f] == 1``
    and nonzero entries only at `f` and at pivot columns left of it."""
    if not rows:
        return [[Fraction(int(i == f)) for i in range(width)] for f in range(width)]
    entries = [flint.fmpq(v.numerator, v.denominator) if isinstance(v, Fraction) else flint.fmpq(v)
               for row in rows for v in row]
    reduced, rank = flint.fmpq_mat(len(rows), width, entries).rref()
    pivots: list[int] = []
    for r in range(rank):
        pivots.append(next(c for c in range(pivots[-1] + 1 if pivots else 0, width) if reduced[r, c] != 0))
    pivot_set = set(pivots)
    basis = []
    for free in (c for c in range(width) if c not in pivot_set):
        vec = [Fraction(0)] * width
        vec[free] = Fraction(1)
        for r, p in enumerate(pivots):
            value = reduced[r, free]
            vec[p] = -Fraction(int(value.p), int(value.q))
        basis.append(vec)
    return basis
