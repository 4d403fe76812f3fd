"""Exact linear algebra over fractions, for fitting equalities to sampled values."""

from __future__ import annotations

from fractions import Fraction

__all__ = ["null_space"]


def null_space(rows: list[list[Fraction]], width: int) -> list[list[Fraction]]:
    """A basis of {v : row · v = 0 for every row}, by Gauss-Jordan elimination."""
    m = [list(r) for r in rows]
    pivots: list[int] = []
    r = 0
    for col in range(width):
        pivot = next((i for i in range(r, len(m)) if m[i][col] != 0), None)
        if pivot is None:
            continue
        m[r], m[pivot] = m[pivot], m[r]
        pv = m[r][col]
        m[r] = [v / pv for v in m[r]]
        for i in range(len(m)):
            if i != r and m[i][col] != 0:
                f = m[i][col]
                m[i] = [a - f * b for a, b in zip(m[i], m[r])]
        pivots.append(col)
        r += 1
        if r == len(m):
            break
    free = [c for c in range(width) if c not in pivots]
    basis = []
    for fcol in free:
        vec = [Fraction(0)] * width
        vec[fcol] = Fraction(1)
        for i, pcol in enumerate(pivots):
            vec[pcol] = -m[i][fcol]
        basis.append(vec)
    return basis
