"""Polynomial equalities and bounds true of every sampled state (the DIG approach).

`polynomial_equalities(samples, names, degree)` evaluates every monomial of
degree at most `degree` over `names` on each sampled state (one row per
state, one column per monomial) and returns the null space of that matrix,
computed exactly over the rationals (`verifier.linalg`), as integer
equalities ``x*y + z == a*b``. Every polynomial that vanishes on all reachable
states of degree at most `degree` is among their consequences; with too few
or too alike samples some are spurious, which costs the caller's inductiveness
check (Houdini) time, never soundness; a null space that nine tenths of the
samples already pin down is the only one trusted (`polynomial_equalities`).

Columns are in a graded monomial order (1, the variables, their products of
two, ...), so each basis vector of the reduced echelon form has one
*leading* monomial, its highest; a vector whose leading monomial is a proper
multiple of another's is in the ideal the others generate and is left out
(``x == n*n`` makes ``x*n == n*n*n`` redundant). Variables fixed by an affine
equality over earlier ones (``z == 6*n + 6``) are left out of the products.

`monomial_bounds` proposes inequalities between the square of a variable and
another variable (``a*a <= n``) where every sample agrees.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations_with_replacement
from math import gcd, lcm, prod

import z3

from ...linalg import null_space

__all__ = ["Monomial", "monomials", "polynomial_equalities", "monomial_bounds", "independent_names"]

#: A monomial as the sorted tuple of its variables' names (with repeats): () is 1.
Monomial = tuple[str, ...]

#: The null space is trusted only with this many more distinct samples than monomials:
#: fewer leave spurious equalities (dimension at least columns - rows).
SAMPLE_MARGIN = 8
#: Samples whose values exceed this magnitude are left out (a doubling loop's
#: values): they make exact elimination slow and add nothing the small ones lack.
MAX_MAGNITUDE = 1 << 48


def monomials(names: list[str], degree: int) -> list[Monomial]:
    """Every monomial of degree at most `degree` over `names`, in graded order:
    1, then degree one in the order of `names`, then degree two, ..."""
    out: list[Monomial] = [()]
    for d in range(1, degree + 1):
        out += [tuple(m) for m in combinations_with_replacement(names, d)]
    return out


def usable(samples: list[dict[str, int]], names: list[str]) -> list[tuple[int, ...]]:
    """The distinct value tuples of `names` in `samples`, without huge ones."""
    rows = {tuple(s[n] for n in names) for s in samples}
    return sorted(r for r in rows if all(abs(v) <= MAX_MAGNITUDE for v in r))


def independent_names(samples: list[dict[str, int]], names: list[str]) -> tuple[list[str], list[z3.BoolRef]]:
    """The variables of `names` not fixed by an affine equality over earlier ones
    (or by being constant), and those equalities."""
    rows = usable(samples, names)
    if not rows:
        return list(names), []
    basis = _basis(rows, names, 1)
    leading = {_leading(vec, monomials(names, 1)) for vec in basis}
    kept = [n for n in names if (n,) not in leading]
    return kept, [_equality(vec, monomials(names, 1)) for vec in basis]


def polynomial_equalities(samples: list[dict[str, int]], names: list[str], degree: int) -> list[z3.BoolRef] | None:
    """A generating set of the polynomial equalities of degree at most `degree`
    (and at least two) over `names` true of every sample, or None when there are
    too few distinct samples to tell (see `SAMPLE_MARGIN`)."""
    cols = monomials(names, degree)
    rows = usable(samples, names)
    if len(rows) < len(cols) + SAMPLE_MARGIN:
        return None
    basis = _basis(rows, names, degree)
    # saturated: the last tenth of the samples (in a fixed shuffled order) narrows the
    # null space no further; otherwise more samples would likely narrow it too
    shuffled = sorted(rows, key=lambda r: hash(r) % 1_000_003)
    if len(_basis(shuffled[: len(rows) * 9 // 10], names, degree)) != len(basis):
        return None
    leads = [_leading(vec, cols) for vec in basis]
    out = []
    for vec, lead in zip(basis, leads):
        if len(lead) < 2 or any(other != lead and _divides(other, lead) for other in leads):
            continue
        out.append(_equality(vec, cols))
    return out


def monomial_bounds(samples: list[dict[str, int]], names: list[str]) -> list[z3.BoolRef]:
    """Candidates ``v*v <= w`` and ``v*v >= w`` (or strict) for variables `v` and `w`
    of `names` on which every sample agrees (``a*a <= n``: square roots)."""
    rows = usable(samples, names)
    if not rows:
        return []
    index = {n: i for i, n in enumerate(names)}
    xs = {n: z3.Int(n) for n in names}
    out: list[z3.BoolRef] = []
    for v in names:
        for w in names:
            if w == v:
                continue
            vals = [r[index[v]] ** 2 - r[index[w]] for r in rows]
            lo, hi = min(vals), max(vals)
            if lo == hi:
                continue  # an equality: the null space has it
            if lo >= 0:
                out.append(xs[v] * xs[v] - xs[w] >= (1 if lo >= 1 else 0))
            if hi <= 0:
                out.append(xs[v] * xs[v] - xs[w] <= (-1 if hi <= -1 else 0))
    return out


def _basis(rows: list[tuple[int, ...]], names: list[str], degree: int) -> list[list[Fraction]]:
    cols = monomials(names, degree)
    index = {n: i for i, n in enumerate(names)}
    matrix = [[prod(r[index[n]] for n in m) for m in cols] for r in rows]
    return null_space(matrix, len(cols))


def _leading(vec: list[Fraction], cols: list[Monomial]) -> Monomial:
    return cols[max(i for i, v in enumerate(vec) if v != 0)]


def _divides(small: Monomial, big: Monomial) -> bool:
    """Is `small` a factor of `big` (as multisets of variables)?"""
    rest = list(big)
    for n in small:
        if n not in rest:
            return False
        rest.remove(n)
    return True


def _equality(vec: list[Fraction], cols: list[Monomial]) -> z3.BoolRef:
    """``sum(c * m) == 0`` with coprime integer coefficients, the constant on the right."""
    scale = lcm(*(v.denominator for v in vec))
    ints = [int(v * scale) for v in vec]
    g = 0
    for c in ints:
        g = gcd(g, c)
    ints = [c // g for c in ints]
    if ints[max(i for i, c in enumerate(ints) if c)] < 0:
        ints = [-c for c in ints]
    terms = []
    for c, m in zip(ints, cols):
        if c and m:
            factors = [z3.Int(n) for n in m]
            term = factors[0]
            for f in factors[1:]:
                term = term * f
            terms.append(c * term if c != 1 else term)
    return z3.Sum(terms) == -ints[0]
