"""Guess polynomial equalities from observed states (candidates for invariants).

`fit_equalities(rows)` takes states seen at one program location (one row of
integer values per visit) and returns every polynomial equality of degree at
most two that holds on all of them: a basis of the null space of the matrix
of monomial values, with integer coefficients (of degree one when the
quadratic basis is too large to be a guess). They are guesses only: the
caller keeps those a solver shows inductive (Houdini), so a guess made from
too few rows costs time, never soundness.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations_with_replacement
from math import gcd, lcm

from ..linalg import null_space

__all__ = ["Monomial", "fit_equalities"]

#: A monomial as the sorted indices of its variables: () is 1, (i,) is x_i, (i, j) is x_i * x_j.
Monomial = tuple[int, ...]

#: Most varying variables a fit uses (the monomials grow quadratically).
MAX_VARIABLES = 7
#: Most equalities returned for one location (a large null space means too few rows).
MAX_EQUALITIES = 8


def fit_equalities(rows: list[list[int]], degree: int = 2) -> list[dict[Monomial, int]]:
    """Integer polynomial equalities ``sum(c * m(x)) == 0`` true on every row."""
    if len(rows) < 2:
        return []
    width = len(rows[0])
    varying, columns = [], set()
    for i in range(width):  # a column equal to an earlier one adds nothing but trivial equalities
        column = tuple(r[i] for r in rows)
        if len(set(column)) > 1 and column not in columns:
            columns.add(column)
            varying.append(i)
    varying = varying[:MAX_VARIABLES]
    if not varying:
        return []
    monomials: list[Monomial] = [()]
    for d in range(1, degree + 1):
        monomials += [tuple(c) for c in combinations_with_replacement(varying, d)]
    matrix = [[Fraction(_value(row, m)) for m in monomials] for row in {tuple(r): r for r in rows}.values()]
    basis = null_space(matrix, len(monomials))
    if len(basis) > MAX_EQUALITIES:
        # too few rows for this degree, or linear equalities whose multiples fill the null space
        # (``s == 2 * i`` gives ``s * i == 2 * i * i``, ...): the equalities of a lower degree
        return fit_equalities(rows, degree - 1) if degree > 1 else []
    out = []
    for vector in basis:
        scale = lcm(*[c.denominator for c in vector])
        ints = [int(c * scale) for c in vector]
        g = 0
        for c in ints:
            g = gcd(g, c)
        g = g or 1
        if ints and next(c for c in ints if c) < 0:
            g = -g
        out.append({m: c // g for m, c in zip(monomials, ints) if c})
    return out


def _value(row: list[int], monomial: Monomial) -> int:
    v = 1
    for i in monomial:
        v *= row[i]
    return v
