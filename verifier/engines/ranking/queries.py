"""Affine forms over integer z3 symbols, and the integer-point queries on sets
of constraints: `feasible` (is there a point?) and `prune` (drop implied atoms).

Numbers cross into z3 as exact rationals (`z3_real`) and come back as
`Fraction`s (`as_fraction`). Queries take a `deadline` (``time.monotonic()``)
and treat a timeout as the safe answer.
"""

from __future__ import annotations

import time
from fractions import Fraction

import z3

from ... import ir
from ...solver import check
from ...affine import Lin, Number, in_range


def z3_real(x: Number) -> z3.ArithRef:
    """`x` as an exact z3 rational."""
    x = Fraction(x)
    return z3.RealVal(x.numerator) / z3.RealVal(x.denominator) if x.denominator != 1 else z3.RealVal(x.numerator)


def as_fraction(v: z3.ExprRef) -> Fraction:
    """The rational value of a z3 numeral."""
    return Fraction(v.as_fraction()) if z3.is_rational_value(v) else Fraction(str(v))


def int_term(lin: Lin, syms: dict[str, z3.ArithRef]) -> z3.ArithRef:
    """`lin` over integer symbols (rational coefficients scaled away by the caller)."""
    terms = []
    for s, v in lin.coeffs.items():
        if s not in syms:
            syms[s] = z3.Int(s)
        terms.append(syms[s] * _number(v))
    terms.append(_number(lin.const))
    return z3.Sum(terms)


def _number(x: Number) -> z3.ArithRef:
    """`x` as a z3 integer when it is one (the term stays in integer arithmetic), else a rational."""
    x = Fraction(x)
    return z3.IntVal(x.numerator) if x.denominator == 1 else z3_real(x)


def prune(atoms: list[Lin], types: dict[str, ir.Type], deadline: float) -> list[Lin]:
    """`atoms` without those the others imply (over integers in the variables'
    ranges): the same set of states, written shorter."""
    out = list(atoms)
    for a in sorted(atoms, key=lambda a: (-len(a.coeffs), -abs(a.const))):  # keep the simplest
        rest = [b for b in out if b is not a]
        if time.monotonic() >= deadline:
            return out
        s = z3.Solver()
        syms: dict[str, z3.ArithRef] = {}
        for g in [*rest, *(r for v in a.coeffs for r in in_range(Lin.var(v), types[v]))]:
            s.add(int_term(g, syms) >= 0)
        for b in rest:
            for v in b.coeffs:
                for r in in_range(Lin.var(v), types[v]):
                    s.add(int_term(r, syms) >= 0)
        s.add(int_term(a, syms) < 0)
        if check(s, deadline, cap_s=1.0).unsat:
            out = rest
    return out


def feasible(poly: list[Lin], deadline: float) -> bool:
    """Some integer point satisfies `poly` (unknown counts as feasible)."""
    syms: dict[str, z3.ArithRef] = {}
    return not check(z3.Solver(), deadline, *[int_term(g, syms) >= 0 for g in poly], cap_s=2.0).unsat

