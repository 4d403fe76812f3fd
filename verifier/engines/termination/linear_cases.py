"""A quantifier-free integer formula over-approximated by a disjunction of polyhedra.

`linear_cases(f)` gives cases, each a list of affine forms ``g >= 0`` (`Lin`),
whose union contains every model of `f`: the formula is put in disjunctive
normal form (``!=`` and term-level ``if-then-else`` split into cases), integer
comparisons become non-strict ones (``a < b`` is ``b - a - 1 >= 0``), and
what is not linear (``div``, ``mod``, products of variables, Boolean atoms) is
an opaque symbol or is dropped. Dropping a constraint only enlarges the set,
so a ranking function valid on the cases is valid on `f`.

A remainder by a variable, ``x - y * q`` with ``q`` a quotient of ``x`` by
``y`` (C's ``%`` and Python's ``%`` are encoded so), is an opaque symbol read
in cases by the signs of ``x`` and ``y``, each with the bounds z3 proves of
it there (``y >= 1 && x >= 0`` gives ``0 <= r <= y - 1``); so is a quotient
by a variable (``y >= 2 && x >= 0`` gives ``0 <= 2 * q <= x``). The cases
cover every point, and each bound is proved, so the reading stays an
over-approximation. A value wrapped to an unsigned type, ``e mod 2**n``, is
``e``, ``e + 2**n`` or ``e - 2**n`` where ``e`` wraps at most once (else an
opaque symbol in ``[0, 2**n - 1]``).

Symbols keep the z3 constants' names; an opaque term gets a name starting
with ``~`` and is kept in `LinearCases.opaque` so callers can map the cases
back to z3 (`as_z3`).
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from fractions import Fraction

import z3

from ...affine import Lin

#: More cases than this and the formula is not split further (`TooManyCases`):
#: ranking synthesis gets one linear program per case.
MAX_CASES = 64
#: Seconds z3 may take on one bound of a remainder or quotient by a variable (an unproved bound is left out).
REMAINDER_BOUND_S = 0.3
#: ``e mod k`` for a power of two k at least this is read as wrapping (`_wrapped`).
WRAP_MODULUS = 256


class TooManyCases(Exception):
    """The disjunctive normal form has more than `MAX_CASES` cases."""


@dataclass
class LinearCases:
    """Opaque terms by symbol name, shared by every formula read through one instance."""

    opaque: dict[str, z3.ArithRef] = field(default_factory=dict)
    bounds: dict[str, list[Lin]] = field(default_factory=dict)
    symbol_of: dict[int, str] = field(default_factory=dict)  # z3 term id -> opaque symbol
    readings: dict[int, list] = field(default_factory=dict)  # z3 term id -> its cases by division (proved once)
    deadline: float = float("inf")  # `time.monotonic()` after which no bound is proved any more

    def cases(self, f: z3.BoolRef) -> list[list[Lin]]:
        """The polyhedra whose union over-approximates `f` (raises `TooManyCases`)."""
        return [self.closed(c) for c in self._dnf(z3.simplify(f), True)]

    def closed(self, poly: list[Lin]) -> list[Lin]:
        """`poly` without repeats, with the `facts` of the opaque symbols it mentions."""
        return list(dict.fromkeys(poly + self.facts({s for g in poly for s in g.coeffs if s in self.opaque})))

    def terms(self, t: z3.ArithRef) -> list[tuple[list[list[Lin]], Lin]]:
        """`t` as (condition cases, affine value) pairs: `t` equals the value wherever
        one of the condition's cases holds; the conditions cover every point."""
        return self._term(z3.simplify(t))

    def as_z3(self, lin: Lin, symbols: dict[str, z3.ArithRef]) -> z3.ArithRef:
        """`lin` as a z3 integer term: variables from `symbols`, opaque symbols as their terms."""
        parts: list[z3.ArithRef] = []
        for name, coeff in lin.coeffs.items():
            term = self.opaque[name] if name in self.opaque else symbols[name]
            parts.append(_int(coeff) * term)
        return z3.Sum(parts + [_int(lin.const)]) if parts else _int(lin.const)

    # ------------------------------------------------------------ formulas

    def _dnf(self, f: z3.BoolRef, positive: bool) -> list[list[Lin]]:
        if z3.is_true(f) or z3.is_false(f):
            return [[]] if z3.is_true(f) == positive else []
        if z3.is_not(f):
            return self._dnf(f.arg(0), not positive)
        if z3.is_and(f) or z3.is_or(f):
            conjunctive = z3.is_and(f) == positive
            parts = [self._dnf(c, positive) for c in f.children()]
            return product_of_cases(parts) if conjunctive else _union(parts)
        if z3.is_implies(f):
            a, b = f.children()
            return self._dnf(z3.Or(z3.Not(a), b), positive)
        if z3.is_app_of(f, z3.Z3_OP_ITE):
            c, a, b = f.children()
            return self._dnf(z3.Or(z3.And(c, a), z3.And(z3.Not(c), b)), positive)
        if z3.is_eq(f) and f.arg(0).sort() == z3.BoolSort():
            a, b = f.children()
            return self._dnf(z3.Or(z3.And(a, b), z3.And(z3.Not(a), z3.Not(b))), positive)
        if z3.is_app_of(f, z3.Z3_OP_DISTINCT) and f.num_args() == 2:
            return self._dnf(f.arg(0) == f.arg(1), not positive)
        if _comparison(f):
            return self._compare(f, positive)
        return [[]]  # a Boolean atom the linear domain cannot read: no constraint

    def _compare(self, f: z3.BoolRef, positive: bool) -> list[list[Lin]]:
        kind = f.decl().kind()
        out: list[list[Lin]] = []
        for (ca, a), (cb, b) in itertools.product(self._term(f.arg(0)), self._term(f.arg(1))):
            for cond in product_of_cases([ca, cb]):
                for atoms in _atoms(kind, a, b, positive):
                    out.append(cond + atoms)
                    if len(out) > MAX_CASES:
                        raise TooManyCases()
        return out

    # --------------------------------------------------------------- terms

    def _term(self, t: z3.ArithRef) -> list[tuple[list[list[Lin]], Lin]]:
        if z3.is_int_value(t):
            return [([[]], Lin.num(t.as_long()))]
        if z3.is_rational_value(t):
            return [([[]], Lin.num(Fraction(t.numerator_as_long(), t.denominator_as_long())))]
        if z3.is_const(t) and t.decl().kind() == z3.Z3_OP_UNINTERPRETED:
            return [([[]], Lin.var(t.decl().name()))]
        if (z3.is_app_of(t, z3.Z3_OP_ITE) or z3.is_div(t) or z3.is_idiv(t)) and \
                (quotient := self._by_division(t, _QUOTIENT)) is not None:
            return quotient
        if z3.is_app_of(t, z3.Z3_OP_ITE):
            c, a, b = t.children()
            yes, no = self._dnf(c, True), self._dnf(c, False)
            return [(product_of_cases([yes, ca]), v) for ca, v in self._term(a)] + \
                [(product_of_cases([no, cb]), v) for cb, v in self._term(b)]
        if z3.is_add(t) and (remainder := self._by_division(t, _REMAINDER)) is not None:
            return remainder
        if z3.is_add(t) or z3.is_sub(t):
            parts = [self._term(c) for c in t.children()]
            out = []
            for combo in itertools.product(*parts):
                total = combo[0][1]
                for _, v in combo[1:]:
                    total = total + v if z3.is_add(t) else total - v
                out.append((product_of_cases([c for c, _ in combo]), total))
            return _capped(out)
        if z3.is_app_of(t, z3.Z3_OP_UMINUS):
            return [(c, -v) for c, v in self._term(t.arg(0))]
        if z3.is_mul(t):
            parts = [self._term(c) for c in t.children()]
            out = []
            for combo in itertools.product(*parts):
                values = [v for _, v in combo]
                symbolic = [v for v in values if not v.is_const]
                if len(symbolic) > 1:
                    return [([[]], self._opaque(t))]
                factor = Fraction(1)
                for v in values:
                    factor *= v.const if v.is_const else 1
                total = symbolic[0].scale(factor) if symbolic else Lin.num(factor)
                out.append((product_of_cases([c for c, _ in combo]), total))
            return _capped(out)
        if (z3.is_div(t) or z3.is_idiv(t) or z3.is_mod(t)) and z3.is_app_of(t.arg(0), z3.Z3_OP_ITE):
            c, a, b = t.arg(0).children()  # (c ? a : b) / k is c ? a / k : b / k
            op = t.decl()
            return self._term(z3.If(c, op(a, t.arg(1)), op(b, t.arg(1))))
        if z3.is_mod(t) and (wrapped := self._wrapped(t)) is not None:
            return wrapped
        if z3.is_app_of(t, z3.Z3_OP_TO_REAL) or z3.is_app_of(t, z3.Z3_OP_TO_INT):
            return self._term(t.arg(0))
        return [([[]], self._opaque(t))]

    def _wrapped(self, t: z3.ArithRef) -> list[tuple[list[list[Lin]], Lin]] | None:
        """``e mod k`` (k a power of two of at least `WRAP_MODULUS`): ``e`` in
        ``[0, k - 1]``, ``e + k`` in ``[-k, -1]``, ``e - k`` in ``[k, 2k - 1]``,
        else the opaque remainder; None for other moduli."""
        if not z3.is_int_value(t.arg(1)):
            return None
        k = t.arg(1).as_long()
        if k < WRAP_MODULUS or k & (k - 1):
            return None
        r, one, big = self._opaque(t), Lin.num(1), Lin.num(k)
        out = []
        for cond, e in self._term(t.arg(0)):
            if e.is_const:
                return None
            pieces = [([e, big - one - e], e), ([e + big, -e - one], e + big),
                      ([e - big, big.scale(2) - one - e], e - big), ([-e - big - one], r), ([e - big.scale(2)], r)]
            out += [(product_of_cases([cond, [atoms]]), value) for atoms, value in pieces]
        return _capped(out)

    def _by_division(self, t: z3.ArithRef, kind: str) -> list[tuple[list[list[Lin]], Lin]] | None:
        """`t` as an opaque symbol read in cases by the signs of a division's ``x`` and
        ``y``, each with the bounds z3 proves of `t` there; None when `t` has not the
        shape of `kind` (`_REMAINDER`: ``x - y * q``, `_QUOTIENT`: a quotient of ``x``
        by ``y``), ``x`` or ``y`` is not linear, or no bound is proved."""
        key = t.get_id()
        if key not in self.readings:
            shape = _remainder_shape(t) if kind == _REMAINDER else _quotient_shape(t)
            self.readings[key] = self._sign_cases(t, *shape, kind) if shape is not None else None
        return self.readings[key]

    def _sign_cases(self, t: z3.ArithRef, x: z3.ArithRef, y: z3.ArithRef,
                    kind: str) -> list[tuple[list[list[Lin]], Lin]] | None:
        xs, ys = self._term(x), self._term(y)
        if len(xs) != 1 or len(ys) != 1 or xs[0][0] != [[]] or ys[0][0] != [[]] or ys[0][1].is_const:
            return None
        xl, yl = xs[0][1], ys[0][1]
        r = self._opaque(t)
        symbols = {**self._symbols(x, y), self.symbol_of[t.get_id()]: t}
        one, two = Lin.num(1), Lin.num(2)
        if kind == _REMAINDER:
            size = {True: yl - one, False: -yl - one}  # |y| - 1
            divisor = [[yl - one], [-yl - one]]
            candidates = [lambda d: r, lambda d: -r, lambda d: size[d] - r, lambda d: r + size[d]]
        else:
            divisor = [[yl - two], [yl - one, one - yl], [-yl - one, yl + one], [-yl - two]]
            candidates = [lambda d, a=a, c=c: xl.scale(a) + r.scale(c) for a in (0, 1, -1) for c in (1, -1, 2, -2)
                          if a or abs(c) == 1]
        out, proved = [([[yl, -yl]], r)], False
        for i, y_case in enumerate(divisor):
            for x_case in ([xl], [-xl - one]):
                cond = y_case + x_case
                side = i < len(divisor) // 2  # y > 0
                bounds = [b for b in (f(side) for f in candidates) if _proved(cond, b, symbols, self.deadline)]
                proved |= bool(bounds)
                out.append(([cond + bounds], r))
        return out if proved else None

    def _symbols(self, x: z3.ArithRef, y: z3.ArithRef) -> dict[str, z3.ArithRef]:
        """The z3 terms of the symbols of `x` and `y` as read by `_term`."""
        names: dict[str, z3.ArithRef] = {}
        for term in (x, y):
            for _, lin in self._term(term):
                for name in lin.coeffs:
                    names[name] = self.opaque.get(name) if name in self.opaque else z3.Int(name)
        return names

    def facts(self, symbols: set[str]) -> list[Lin]:
        """What is known of the opaque `symbols`: a quotient or remainder by a
        positive constant lies within its bounds (``k*q <= x <= k*q + k - 1``,
        ``0 <= x mod k <= k - 1``)."""
        return [g for name in sorted(symbols) for g in self.bounds.get(name, [])]

    def _opaque(self, t: z3.ArithRef) -> Lin:
        key = t.get_id()
        if key not in self.symbol_of:
            name = f"~t{len(self.symbol_of)}"
            self.symbol_of[key] = name
            self.opaque[name] = t
            self.bounds[name] = self._bounds(t, Lin.var(name))
        return Lin.var(self.symbol_of[key])

    def _bounds(self, t: z3.ArithRef, value: Lin) -> list[Lin]:
        if not (z3.is_div(t) or z3.is_idiv(t) or z3.is_mod(t)) or not z3.is_int_value(t.arg(1)):
            return []
        k = t.arg(1).as_long()
        if k <= 0:
            return []
        if z3.is_mod(t):
            return [value, Lin.num(k - 1) - value]
        dividend = self._term(t.arg(0))
        if len(dividend) != 1 or dividend[0][0] != [[]]:
            return []
        x = dividend[0][1]
        return [x - value.scale(k), value.scale(k) + Lin.num(k - 1) - x]


_REMAINDER, _QUOTIENT = "remainder", "quotient"


def _quotient_shape(t: z3.ArithRef) -> tuple[z3.ArithRef, z3.ArithRef] | None:
    """(x, y) when every value `t` may take is ``±(x / y)`` for a non-constant ``y``
    (``|x| / |y|`` read as ``x / y``; x and y from its first branch), else None."""
    if not _is_quotient(t):
        return None
    while not (z3.is_div(t) or z3.is_idiv(t)):
        t = t.arg(1) if z3.is_app_of(t, z3.Z3_OP_ITE) or z3.is_mul(t) else t.arg(0)
    return _unsigned(t.arg(0)), _unsigned(t.arg(1))


def _is_quotient(t: z3.ExprRef) -> bool:
    """Each branch of `t` is a division by a non-constant, or minus one."""
    if z3.is_app_of(t, z3.Z3_OP_ITE):
        return _is_quotient(t.arg(1)) and _is_quotient(t.arg(2))
    if z3.is_app_of(t, z3.Z3_OP_UMINUS):
        return _is_quotient(t.arg(0))
    if z3.is_mul(t) and t.num_args() == 2 and z3.is_int_value(t.arg(0)) and t.arg(0).as_long() == -1:
        return _is_quotient(t.arg(1))
    return (z3.is_div(t) or z3.is_idiv(t)) and not z3.is_int_value(t.arg(1))


def _unsigned(t: z3.ExprRef) -> z3.ExprRef:
    """``v`` for ``If(v >= 0, v, -v)`` (an absolute value), else `t`."""
    if z3.is_app_of(t, z3.Z3_OP_ITE):
        c, a, b = t.children()
        if z3.is_ge(c) and c.arg(0).eq(a) and z3.is_int_value(c.arg(1)) and c.arg(1).as_long() == 0:
            return a
    return t


def _remainder_shape(t: z3.ArithRef) -> tuple[z3.ArithRef, z3.ArithRef] | None:
    """(x, y) when the sum `t` is ``x + -1 * y * q`` with ``q`` holding a division, else None."""
    for i, child in enumerate(t.children()):
        if not z3.is_mul(child):
            continue
        factors = _factors(child)
        symbolic = [f for f in factors if not z3.is_int_value(f)]
        signs = [f.as_long() for f in factors if z3.is_int_value(f)]
        if len(symbolic) != 2 or signs != [-1]:
            continue
        for y, q in (symbolic, symbolic[::-1]):
            if _has_division(q) and not _has_division(y):
                rest = [c for j, c in enumerate(t.children()) if j != i]
                return (rest[0] if len(rest) == 1 else z3.Sum(rest)), y
    return None


def _factors(t: z3.ExprRef) -> list[z3.ExprRef]:
    """The factors of the product `t`, nested products flattened."""
    return [f for c in t.children() for f in (_factors(c) if z3.is_mul(c) else [c])]


def _has_division(t: z3.ExprRef) -> bool:
    seen, stack = set(), [t]
    while stack:
        s = stack.pop()
        if s.get_id() in seen:
            continue
        seen.add(s.get_id())
        if z3.is_div(s) or z3.is_idiv(s):
            return True
        stack.extend(s.children())
    return False


def _proved(cond: list[Lin], bound: Lin, symbols: dict[str, z3.ArithRef], deadline: float) -> bool:
    """z3 proves ``bound >= 0`` wherever every form of `cond` is ``>= 0`` (within
    `REMAINDER_BOUND_S`, and by `deadline`)."""
    def term(lin: Lin) -> z3.ArithRef:
        return z3.Sum([_int(c) * symbols[n] for n, c in lin.coeffs.items()] + [_int(lin.const)])

    budget = min(REMAINDER_BOUND_S, deadline - time.monotonic())
    if budget <= 0.001:
        return False
    solver = z3.Solver()
    solver.set("timeout", max(1, int(budget * 1000)))
    solver.add(*[term(g) >= 0 for g in cond], term(bound) < 0)
    return solver.check() == z3.unsat


def _int(value: Fraction | int) -> z3.ArithRef:
    value = Fraction(value)
    if value.denominator != 1:
        raise ValueError(f"non-integral coefficient {value}")
    return z3.IntVal(value.numerator)


def _comparison(f: z3.BoolRef) -> bool:
    return (z3.is_le(f) or z3.is_lt(f) or z3.is_ge(f) or z3.is_gt(f) or z3.is_eq(f)) and \
        z3.is_arith(f.arg(0))


def _atoms(kind: int, a: Lin, b: Lin, positive: bool) -> list[list[Lin]]:
    """The cases of ``a <kind> b`` (negated unless `positive`), each a list of ``>= 0`` forms."""
    one = Lin.num(1)
    if kind == z3.Z3_OP_EQ:
        return [[a - b, b - a]] if positive else [[a - b - one], [b - a - one]]
    le, lt = {z3.Z3_OP_LE: (a, b), z3.Z3_OP_GE: (b, a)}, {z3.Z3_OP_LT: (a, b), z3.Z3_OP_GT: (b, a)}
    if kind in le:
        small, big = le[kind]
        return [[big - small]] if positive else [[small - big - one]]
    small, big = lt[kind]
    return [[big - small - one]] if positive else [[small - big]]


def product_of_cases(parts: list[list[list[Lin]]]) -> list[list[Lin]]:
    """Every way of taking one case from each of `parts`, joined (raises `TooManyCases`)."""
    out: list[list[Lin]] = [[]]
    for part in parts:
        out = [a + b for a in out for b in part]
        if len(out) > MAX_CASES:
            raise TooManyCases()
    return out


def _union(parts: list[list[list[Lin]]]) -> list[list[Lin]]:
    out = [case for part in parts for case in part]
    if len(out) > MAX_CASES:
        raise TooManyCases()
    return out


def _capped(items: list) -> list:
    if len(items) > MAX_CASES:
        raise TooManyCases()
    return items


__all__ = ["LinearCases", "TooManyCases", "MAX_CASES", "product_of_cases"]
