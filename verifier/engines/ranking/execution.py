"""Symbolic execution of IR conditions and values into linear constraints.

`LinearExecutor.cond(e, state, pol)` gives the states in which `e` evaluates
to `pol`, and `LinearExecutor.value(e, state)` the (state, value) pairs of
`e`, every value a `Lin` over the pre-state and auxiliary symbols ``~n``.
A state's `cons` are exact constraints (each ``>= 0``), its `soft` ones the
type ranges and no-overflow conditions a ranking function rarely needs.
Fixed-width integers are their mathematical values in their type's range:
a signed operation that overflows ends the execution (no state), an
unsigned one splits into its wrapping and non-wrapping cases. A value the
linear domain cannot express is a fresh symbol in its type's range, and the
state is then marked inexact.
"""

from __future__ import annotations

import dataclasses

from collections.abc import Iterable
from dataclasses import dataclass

from ... import ir
from ...cfa import site_name
from ...affine import Lin, in_range, type_range


#: Most multiples of 2^n a narrowing conversion is split into (one case each).
MAX_WRAPS = 3


@dataclass
class LinearState:
    """The variables' values (`env`) and the constraints of one partial path."""

    env: dict[str, Lin]
    cons: tuple[Lin, ...]
    exact: bool = True
    nondets: tuple[tuple[str, str], ...] = ()
    soft: tuple[Lin, ...] = ()  # type ranges and no-overflow conditions

    def add(self, *atoms: Lin) -> LinearState | None:
        """This state constrained by `atoms` (None when one is a false constant)."""
        for a in atoms:
            if a.is_const and a.const < 0:
                return None
        return LinearState(self.env, self.cons + tuple(a for a in atoms if not a.is_const), self.exact,
                           self.nondets, self.soft)

    def add_soft(self, *atoms: Lin) -> LinearState | None:
        """Constraints a ranking function rarely needs (tried without them first)."""
        for a in atoms:
            if a.is_const and a.const < 0:
                return None
        return LinearState(self.env, self.cons, self.exact, self.nondets,
                           self.soft + tuple(a for a in atoms if not a.is_const))

    def but(self, **changes) -> LinearState:
        """A copy with the fields in `changes` replaced."""
        return LinearState(**{**self.__dict__, **changes})


class LinearExecutor:
    """Linearises conditions and values; subclasses set `_site` (edge index,
    nondet count on that edge) before executing an edge, to name nondet sites."""

    def __init__(self) -> None:
        self.fresh_count = 0
        self._site = (0, 0)
        #: the range each symbol's value lies in, where known (nondet and opaque values:
        #: their type's; subclasses add the pre-state's variables)
        self.ranges: dict[str, tuple[int, int]] = {}

    def value_range(self, v: Lin) -> tuple[int, int] | None:
        """The least and greatest values of `v` over its symbols' `ranges` (None if one is unknown)."""
        lo = hi = v.const
        for name, c in v.coeffs.items():
            r = self.ranges.get(name)
            if r is None:
                return None
            lo, hi = lo + min(c * r[0], c * r[1]), hi + max(c * r[0], c * r[1])
        return lo, hi

    def fresh(self) -> str:
        """A new auxiliary symbol (``~1``, ``~2``, ...)."""
        self.fresh_count += 1
        return f"~{self.fresh_count}"

    # ------------------------------------------------------- conditions

    def cond(self, e: ir.Expr, st: LinearState, pol: bool) -> list[LinearState]:
        """States where `e` evaluates to `pol`."""
        if isinstance(e, ir.Const):
            return [st] if bool(e.value) == pol else []
        if isinstance(e, ir.Unary) and e.op == "not":
            return self.cond(e.arg, st, not pol)
        if isinstance(e, ir.Binary) and e.op in ("land", "lor"):
            conj = (e.op == "land") == pol  # both sides must take `pol`
            if conj:
                return [s2 for s1 in self.cond(e.left, st, pol) for s2 in self.cond(e.right, s1, pol)]
            return self.cond(e.left, st, pol) + [
                s2 for s1 in self.cond(e.left, st, not pol) for s2 in self.cond(e.right, s1, pol)]
        if isinstance(e, ir.Binary) and e.op in ("eq", "ne", "lt", "le", "gt", "ge"):
            out = []
            for s1, a in self.value(e.left, st):
                for s2, b in self.value(e.right, s1):
                    out += self._compare(e.op, a, b, s2, pol)
            return out
        if isinstance(e, ir.Ite):
            return [s2 for c in (True, False) for s1 in self.cond(e.cond, st, c)
                    for s2 in self.cond(e.then if c else e.other, s1, pol)]
        if isinstance(e, ir.Cast) and isinstance(e.arg.type, ir.BoolType):
            return self.cond(e.arg, st, pol)
        if isinstance(e, ir.Cast):
            return [s2 for s1, v in self.value(e.arg, st) for s2 in self._compare("ne", v, Lin.num(0), s1, pol)]
        out = []
        for s1, v in self.value(e, st):
            if isinstance(e.type, ir.BoolType):
                nxt = s1.add(v - Lin.num(1)) if pol else s1.add(-v)
                out += [nxt] if nxt else []
            else:
                out += self._compare("ne", v, Lin.num(0), s1, pol)
        return out

    def _compare(self, op: str, a: Lin, b: Lin, st: LinearState, pol: bool) -> list[LinearState]:
        if not pol:
            op = {"eq": "ne", "ne": "eq", "lt": "ge", "le": "gt", "gt": "le", "ge": "lt"}[op]
        d = a - b
        one = Lin.num(1)
        atoms = {"lt": [[-d - one]], "le": [[-d]], "gt": [[d - one]], "ge": [[d]],
                 "eq": [[d, -d]], "ne": [[d - one], [-d - one]]}[op]
        return [s for s in (st.add(*c) for c in atoms) if s is not None]

    # ----------------------------------------------------------- values

    def value(self, e: ir.Expr, st: LinearState) -> list[tuple[LinearState, Lin]]:
        """(state, value) pairs; booleans are 0/1."""
        if isinstance(e, ir.Const):
            return [(st, Lin.num(e.value))]
        if isinstance(e, ir.Var):
            return [(st, st.env[e.name])]
        if isinstance(e, ir.Nondet):
            return self._nondet(e, st)
        if isinstance(e, (ir.Select, ir.Store)):
            return self._access(e, st)
        if isinstance(e.type, ir.BoolType) and not isinstance(e, (ir.Cast, ir.Ite)):
            return [(s, Lin.num(1 if pol else 0)) for pol in (True, False) for s in self.cond(e, st, pol)]
        if isinstance(e, ir.Cast):
            if isinstance(e.type, ir.BoolType):
                return [(s, Lin.num(1 if pol else 0)) for pol in (True, False) for s in self.cond(e, st, pol)]
            if isinstance(e.arg.type, ir.BoolType):
                return [(s, Lin.num(1 if pol else 0)) for pol in (True, False) for s in self.cond(e.arg, st, pol)]
            return [r for s, v in self.value(e.arg, st) for r in self._convert(v, e.arg.type, e.type, s)]
        if isinstance(e, ir.Ite):
            return [r for c in (True, False) for s in self.cond(e.cond, st, c)
                    for r in self.value(e.then if c else e.other, s)]
        if isinstance(e, ir.Unary):
            return [r for s, v in self.value(e.arg, st) for r in self._unary(e, v, s)]
        if isinstance(e, ir.Binary):
            return [r for s1, a in self.value(e.left, st) for s2, b in self.value(e.right, s1)
                    for r in self._binary(e, a, b, s2)]
        raise TypeError(f"cannot linearise {type(e).__name__}")

    def _access(self, e: ir.Select | ir.Store, st: LinearState) -> list[tuple[LinearState, Lin]]:
        """An array element, or an updated array: opaque (the linear domain has no
        arrays); its operands are still evaluated in order, for their nondet sites.
        A failing bounds check ends an execution: ignoring it only adds executions."""
        states = [st]
        for part in (getattr(e, f.name) for f in dataclasses.fields(e)):  # the order nondet sites are numbered in
            if isinstance(part, ir.Expr):
                states = [s for s0 in states for s, _ in self.value(part, s0)]
        return [r for s in states for r in self._opaque(e.type, s)]

    def _nondet(self, e: ir.Nondet, st: LinearState) -> list[tuple[LinearState, Lin]]:
        sym = self.fresh()
        site = site_name(*self._site)
        self._site = (self._site[0], self._site[1] + 1)
        v = Lin.var(sym)
        if type_range(e.type) is not None:
            self.ranges[sym] = type_range(e.type)
        s = st.add_soft(*in_range(v, e.type))
        if s is None:
            return []
        return [(s.but(nondets=s.nondets + ((sym, site),)), v)]

    def _opaque(self, t: ir.Type, st: LinearState, extra: Iterable[Lin] = ()) -> list[tuple[LinearState, Lin]]:
        """A value the linear domain cannot express: a fresh symbol in `t`'s range."""
        v = Lin.var(self.fresh())
        if type_range(t) is not None:
            self.ranges[next(iter(v.coeffs))] = type_range(t)
        s = st.add(*[g.subst({"_": v}) for g in extra])
        s = s.add_soft(*in_range(v, t)) if s is not None else None
        if s is None:
            return []
        return [(s.but(exact=False), v)]

    def _fit(self, r: Lin, t: ir.Type, st: LinearState, wraps: Iterable[int] = (0,)) -> list[tuple[LinearState, Lin]]:
        """The result `r` of an operation of type `t`: signed must fit (else the
        execution fails), unsigned wraps (`wraps`: the multiples of 2^n subtracted)."""
        rng = type_range(t)
        if rng is None:
            return [(st, r)]
        assert isinstance(t, ir.IntType) and t.bits is not None
        if t.signed:
            s = st.add_soft(*in_range(r, t))
            return [(s, r)] if s else []
        out = []
        modulus = 1 << t.bits
        for k in wraps:
            v = r - Lin.num(k * modulus)
            s = st.add(*in_range(v, t))
            if s is not None:
                out.append((s, v))
        return out

    def _unary(self, e: ir.Unary, v: Lin, st: LinearState) -> list[tuple[LinearState, Lin]]:
        t = e.type
        if e.op == "neg":
            return self._fit(-v, t, st, (-1, 0))
        if e.op == "bnot":
            if isinstance(t, ir.IntType) and t.bits is not None and not t.signed:
                return [(st, Lin.num(t.max) - v)]
            return [(st, -v - Lin.num(1))]
        raise TypeError(e.op)

    def _binary(self, e: ir.Binary, a: Lin, b: Lin, st: LinearState) -> list[tuple[LinearState, Lin]]:
        t = e.type
        op = e.op
        if op == "add":
            return self._fit(a + b, t, st, (0, 1))
        if op == "sub":
            return self._fit(a - b, t, st, (-1, 0))
        if op == "mul":
            if a.is_const or b.is_const:
                k, x = (a.const, b) if a.is_const else (b.const, a)
                if isinstance(t, ir.IntType) and t.bits is not None and not t.signed and abs(k) > 1:
                    if 0 < k <= 4:
                        return self._fit(x.scale(k), t, st, range(k))
                    fits = st.add(*in_range(x.scale(k), t))
                    return ([(fits, x.scale(k))] if fits else []) + self._opaque(t, st)
                return self._fit(x.scale(k), t, st)
            if a == b and not (isinstance(t, ir.IntType) and t.bits is not None and not t.signed):
                # a square (exact: a signed one that overflows fails) is at least |a| over the integers
                square = Lin.var("_")
                return self._opaque(t, st, [square, square - a, square + a])
            return self._opaque(t, st)
        if op in ("div", "mod", "floordiv", "floormod"):
            if not b.is_const:
                return self._remainder(a, b, op == "mod", t, st) if op in ("mod", "floormod") else \
                    self._divided(a, b, op == "div", t, st)
            k = b.const
            if k == 0:
                return []  # division by zero: the execution fails here
            return [(s, q if op in ("div", "floordiv") else a - q.scale(k))
                    for s, q in self._quotient(a, k, op in ("div", "mod"), t, st)]
        if op in ("shl", "shr"):
            if not b.is_const:
                return self._opaque(t, st)
            if b.const < 0 or (isinstance(t, ir.IntType) and t.bits is not None and b.const >= t.bits):
                return []  # a bad shift count: the execution fails here
            k = 1 << b.const
            if op == "shr":
                return self._quotient(a, k, False, t, st)
            if isinstance(t, ir.IntType) and t.bits is not None and t.signed:
                s = st.add(a)  # shifting a negative value is an error
                return self._fit(a.scale(k), t, s) if s else []
            return self._binary(ir.Binary("mul", e.left, e.right, t), a, Lin.num(k), st)
        if op == "band" and b.is_const and b.const >= 0:
            return self._opaque(t, st, [Lin.var("_"), Lin.num(b.const) - Lin.var("_")])
        if op == "band" and a.is_const and a.const >= 0:
            return self._opaque(t, st, [Lin.var("_"), Lin.num(a.const) - Lin.var("_")])
        if op in ("band", "bor", "bxor"):
            return self._opaque(t, st)
        raise TypeError(op)

    def _remainder(self, a: Lin, b: Lin, trunc: bool, t: ir.Type, st: LinearState) -> list[tuple[LinearState, Lin]]:
        """r = a % b for a variable b: ``|r| <= |b| - 1``, r with the sign of a
        (truncating, C) or of b (flooring, Python); b == 0 fails."""
        r, one = Lin.var("_"), Lin.num(1)
        out = []
        for positive in (True, False):
            mag = b if positive else -b
            if trunc:
                cases = [(a, [r, mag - one - r]), (-a - one, [-r, r + mag - one])]
            else:
                cases = [(Lin.num(0), [r, mag - one - r] if positive else [-r, r + mag - one])]
            for guard, bounds in cases:
                s = st.add(mag - one, guard)
                if s is not None:
                    out += self._opaque(t, s, bounds)
        return out

    def _divided(self, a: Lin, b: Lin, trunc: bool, t: ir.Type, st: LinearState) -> list[tuple[LinearState, Lin]]:
        """q = a / b for a variable b, truncating (C) or flooring (Python): ``a`` or
        ``-a`` when ``|b| == 1``, else at most half of ``|a|`` in magnitude (less one,
        flooring away from zero), on the side the signs give; b == 0 fails."""
        q, one, two = Lin.var("_"), Lin.num(1), Lin.num(2)
        out: list[tuple[LinearState, Lin]] = []
        for sign in (1, -1):
            s = st.add(b.scale(sign) - one, one - b.scale(sign))  # b == sign
            if s is not None:
                out += self._fit(a.scale(sign), t, s, (-1, 0))
        for sign in (1, -1):
            mag = b.scale(sign)  # |b| when the case holds
            cases = [(a, [q.scale(sign), a - q.scale(2 * sign)]),  # a >= 0: 0 <= |q| <= a / 2, sign of b
                     (-a - one, [q.scale(-sign), q.scale(2 * sign) - a])]  # a < 0: same, sign of -b
            if not trunc:  # flooring: a result on the negative side may be one further from zero
                cases = [cases[0] if sign > 0 else (a, [q.scale(-1), q.scale(2) + a + one]),
                         cases[1] if sign < 0 else (-a - one, [-q - one, q.scale(2) - a + one])]
            for guard, bounds in cases:
                s = st.add(mag - two, guard)
                if s is not None:
                    out += self._opaque(t, s, bounds)
        return out

    def _quotient(self, a: Lin, k: int, trunc: bool, t: ir.Type, st: LinearState) -> list[tuple[LinearState, Lin]]:
        """q = a / k for a constant k != 0, truncating (C) or flooring (Python, >>)."""
        q = Lin.var(self.fresh())
        kq = q.scale(k)
        out = []
        mag = abs(k)
        if trunc:
            sign = 1 if k > 0 else -1
            # a >= 0: 0 <= a - |k|*(sign*q) <= |k| - 1 ; a < 0: -(|k|-1) <= a - |k|*(sign*q) <= 0
            r = a - q.scale(sign * mag)
            cases = [(a, [r, Lin.num(mag - 1) - r]), (-a - Lin.num(1), [-r, r + Lin.num(mag - 1)])]
        else:
            r = a - kq
            if k > 0:
                cases = [(Lin.num(0), [r, Lin.num(k - 1) - r])]
            else:
                cases = [(Lin.num(0), [-r, r - Lin.num(k + 1)])]
        for guard, bounds in cases:
            s = st.add(guard, *bounds)
            if s is not None:
                out += self._fit(q, t, s)
        return out

    def _convert(self, v: Lin, src: ir.Type, dst: ir.Type, st: LinearState) -> list[tuple[LinearState, Lin]]:
        if src == dst:
            return [(st, v)]
        if isinstance(dst, ir.BoolType):
            return [(s, Lin.num(1 if pol else 0)) for pol in (True, False)
                    for s in self._compare("ne", v, Lin.num(0), st, pol)]
        rs, rd = type_range(src), type_range(dst)
        if rd is None or (rs is not None and rd[0] <= rs[0] and rs[1] <= rd[1]):
            return [(st, v)]
        assert isinstance(dst, ir.IntType) and dst.bits is not None
        out = []
        fits = st.add(*in_range(v, dst))
        if fits is not None:
            out.append((fits, v))
        modulus = 1 << dst.bits
        if rs is not None and rs[1] - rs[0] < modulus:
            for k in (-1, 1):  # a source range narrower than 2^n wraps at most once
                w = v + Lin.num(k * modulus)
                s = st.add(*in_range(w, dst))
                if s is not None:
                    out.append((s, w))
            return out
        span = self.value_range(v)  # (signed char)(c + 1): an int, but within [-127, 128]
        if span is not None:
            wraps = range(-((span[1] - rd[0]) // modulus), (rd[1] - span[0]) // modulus + 1)
            if len(wraps) <= MAX_WRAPS:
                for k in wraps:
                    s = st.add(*in_range(v + Lin.num(k * modulus), dst)) if k else None
                    if s is not None:
                        out.append((s, v + Lin.num(k * modulus)))
                return out
        return out + self._opaque(dst, st)
