"""Decide a proof obligation unsatisfiable by exact polynomial algebra (ideal membership).

A second opinion for non-linear certificate obligations that cvc5 does not
decide in time (``x == n*n*n`` from ``3*x == 2*n + n*y - y + 1`` and
``y == 3*n*n + 3*n + 1``). `polynomial_unsat(assertions)` takes the parsed
assertions of one obligation (which must be unsatisfiable) and answers True
only with a proof, None otherwise (it never refutes):

- its *hypotheses* are the conjuncts (top-level ``and``s flattened) that are
  integer equalities ``p == q`` (the polynomial ``p - q``) or inequalities
  (``p - q <= 0``; a strict one ``p - q + 1 <= 0``, as its terms are integers);
  two opposite inequalities ``p <= 0`` and ``-p <= 0`` give ``p == 0``;
- a *goal* is a negated conjunct ``not (G1 and ... and Gn)`` (or ``distinct p q``,
  read as ``not (p == q)``); it contradicts the
  hypotheses when each ``Gi`` follows from them: an equality ``g == 0`` when `g`
  is in the ideal the hypotheses' equalities generate (its remainder by their
  Gröbner basis is zero: then ``c*g`` is a combination of them with polynomial
  factors, for an integer ``c != 0``, so ``g`` is 0 wherever they are, over the
  rationals and so over the integers); an inequality ``g <= 0`` when ``g`` or
  ``g - h`` for a hypothesis ``h <= 0`` is a non-positive constant or in the ideal.

Every step only drops hypotheses or adds true ones, so a True answer is a proof
that the conjunction has no integer model. A subterm that is not a polynomial
(``div``, ``mod``, ``ite``, a function application) is a fresh variable: what
holds for every value of it holds for its real value. The arithmetic is
FLINT's (`python-flint`: multivariate integer polynomials, Buchberger's
algorithm with size limits, quasi-division); a zero remainder is a proof with
any basis, Gröbner or cut short by the limits, so the limits cost completeness only.
"""

from __future__ import annotations

from collections.abc import Iterable

import flint
import z3

__all__ = ["polynomial_unsat"]

#: Buchberger's limits (basis size, terms per polynomial, coefficient bits): the
#: obligations of loop invariants have a few equalities of degree at most 4.
GROEBNER_LIMITS = (60, 400, 2048)
#: Exponents of ``x ** k`` expanded (larger ones are opaque terms).
MAX_POWER = 8

_ARITH = (z3.Z3_OP_ADD, z3.Z3_OP_SUB, z3.Z3_OP_MUL, z3.Z3_OP_UMINUS, z3.Z3_OP_POWER)
_COMPARE = {z3.Z3_OP_LE: (1, 0), z3.Z3_OP_GE: (-1, 0), z3.Z3_OP_LT: (1, 1), z3.Z3_OP_GT: (-1, 1)}


def polynomial_unsat(assertions: Iterable[z3.BoolRef]) -> bool | None:
    """True if the conjunction of `assertions` (integer arithmetic) has no model
    by the ideal-membership argument of the module docstring; None if that
    argument does not settle it."""
    facts: list[tuple[str, z3.ExprRef, z3.ExprRef]] = []  # (op, left, right): op in = <= <
    goals: list[list[z3.BoolRef]] = []
    for conjunct in _conjuncts(list(assertions)):
        if z3.is_not(conjunct):
            inner = conjunct.arg(0)
            atom = _atom(inner)
            if atom is not None and atom[0] != "=":
                op, left, right = atom  # not (l <= r) is r < l: a hypothesis
                facts.append(("<" if op == "<=" else "<=", right, left))
            goals.append(_conjuncts([inner]))
        elif z3.is_distinct(conjunct) and conjunct.num_args() == 2:
            goals.append([conjunct.arg(0) == conjunct.arg(1)])
        else:
            atom = _atom(conjunct)
            if atom is not None:
                facts.append(atom)
    if not goals:
        return None
    terms = _Polynomials([t for _, left, right in facts for t in (left, right)]
                         + [t for goal in goals for g in goal for t in _sides(g)])
    equalities, bounds = [], []
    for op, left, right in facts:
        p = terms.of(left) - terms.of(right)
        if op == "=":
            equalities.append(p)
        else:
            bounds.append(p + 1 if op == "<" else p)
    for i, p in enumerate(bounds):
        equalities += [p for q in bounds[i + 1:] if (p + q).is_zero()]
    basis = _groebner(equalities, terms.ctx)
    for goal in goals:
        if all(_follows(g, terms, basis, bounds) for g in goal):
            return True
    return None


def _follows(goal: z3.BoolRef, terms: "_Polynomials", basis, bounds: list) -> bool:
    """Does the atom `goal` follow from the equalities (`basis`) and `bounds`?"""
    if z3.is_true(goal):
        return True
    atom = _atom(goal)
    if atom is None:
        return False
    op, left, right = atom
    g = terms.of(left) - terms.of(right)
    if op == "=":
        return _in_ideal(g, basis)
    if op == "<":
        g = g + 1
    return any(_non_positive(g - h, basis) for h in [terms.ctx.constant(0), *bounds])


def _non_positive(p, basis) -> bool:
    """Is `p` a constant at most 0, or in the ideal?"""
    if p.is_constant():
        return int(p.coefficient(0)) <= 0 if len(p) else True
    return _in_ideal(p, basis)


def _in_ideal(p, basis) -> bool:
    return p.is_zero() or (basis is not None and p.reduction_primitive_part(basis).is_zero())


def _groebner(polys: list, ctx):
    """A basis of the ideal of `polys` (Gröbner unless Buchberger hit its limits), or None if empty."""
    polys = [p for p in polys if not p.is_zero()]
    if not polys:
        return None
    basis, _complete = flint.fmpz_mpoly_vec(polys, ctx).buchberger_naive(limits=GROEBNER_LIMITS)
    return basis


def _conjuncts(formulas: list[z3.BoolRef]) -> list[z3.BoolRef]:
    """`formulas` with nested ``and``s flattened."""
    out, stack = [], list(reversed(formulas))
    while stack:
        f = stack.pop()
        if z3.is_and(f):
            stack.extend(reversed(f.children()))
        else:
            out.append(f)
    return out


def _atom(f: z3.BoolRef) -> tuple[str, z3.ExprRef, z3.ExprRef] | None:
    """An integer comparison as (``=``, ``<=`` or ``<``, left, right), or None."""
    if not z3.is_app(f) or f.num_args() != 2 or not all(_is_int(c) for c in f.children()):
        return None
    left, right = f.arg(0), f.arg(1)
    if z3.is_eq(f):
        return "=", left, right
    kind = f.decl().kind()
    if kind not in _COMPARE:
        return None
    sign, strict = _COMPARE[kind]
    if sign < 0:
        left, right = right, left
    return ("<" if strict else "<="), left, right


def _sides(f: z3.BoolRef) -> list[z3.ExprRef]:
    atom = _atom(f)
    return [atom[1], atom[2]] if atom is not None else []


def _is_int(t: z3.ExprRef) -> bool:
    return t.sort().kind() == z3.Z3_INT_SORT


class _Polynomials:
    """Integer terms as FLINT polynomials: a variable per constant and per
    non-polynomial subterm (same term, same variable)."""

    def __init__(self, roots: list[z3.ExprRef]) -> None:
        self._atoms: dict[int, int] = {}
        self._keep: list[z3.ExprRef] = []  # holding the atoms keeps their ids from being reused
        for t in self._walk(roots):
            if self._is_atom(t) and t.get_id() not in self._atoms:
                self._atoms[t.get_id()] = len(self._atoms)
                self._keep.append(t)
        self.ctx = flint.fmpz_mpoly_ctx.get(tuple(f"v{i}" for i in range(max(1, len(self._atoms)))), "degrevlex")
        self._gens = self.ctx.gens()
        self._memo: dict[int, object] = {}

    def of(self, term: z3.ExprRef):
        """`term` as a polynomial (iterative, memoised: terms are DAGs)."""
        for t in self._walk([term]):
            key = t.get_id()
            if key in self._memo:
                continue
            if z3.is_int_value(t):
                value = self.ctx.constant(t.as_long())
            elif self._is_atom(t):
                value = self._gens[self._atoms[key]]
            else:
                args = [self._memo[c.get_id()] for c in t.children()]
                value = self._combine(t.decl().kind(), args, t)
            self._memo[key] = value
        return self._memo[term.get_id()]

    def _combine(self, kind: int, args: list, t: z3.ExprRef):
        if kind == z3.Z3_OP_ADD:
            out = args[0]
            for a in args[1:]:
                out = out + a
            return out
        if kind == z3.Z3_OP_SUB:
            out = args[0]
            for a in args[1:]:
                out = out - a
            return out
        if kind == z3.Z3_OP_UMINUS:
            return -args[0]
        if kind == z3.Z3_OP_MUL:
            out = args[0]
            for a in args[1:]:
                out = out * a
            return out
        return args[0] ** t.arg(1).as_long()  # Z3_OP_POWER with a small numeral exponent (`_is_atom`)

    def _is_atom(self, t: z3.ExprRef) -> bool:
        """A term handled as a variable: not a numeral nor a polynomial operation."""
        if z3.is_int_value(t):
            return False
        if not z3.is_app(t) or t.decl().kind() not in _ARITH:
            return True
        if t.decl().kind() == z3.Z3_OP_POWER:
            e = t.arg(1)
            return not (z3.is_int_value(e) and 0 <= e.as_long() <= MAX_POWER)
        return not all(_is_int(c) for c in t.children())

    def _walk(self, roots: list[z3.ExprRef]) -> list[z3.ExprRef]:
        """The subterms of `roots` (through polynomial operations only), children first."""
        order, seen = [], set()
        stack: list[tuple[z3.ExprRef, bool]] = [(r, False) for r in roots]
        while stack:
            t, expanded = stack.pop()
            key = t.get_id()
            if expanded:
                order.append(t)
                continue
            if key in seen:
                continue
            seen.add(key)
            stack.append((t, True))
            if not z3.is_int_value(t) and not self._is_atom(t):
                stack.extend((c, False) for c in t.children())
        return order
