"""The exact integer reading of fixed-width arithmetic: every integer is a z3 Int.

Fixed-width C arithmetic stays exact: a signed operation's result is checked
to be in range (the ``overflow`` check C's bit-precise semantics has),
unsigned results and narrowing conversions wrap modulo 2^n, comparisons
compare the values. On every execution that passes its checks this gives the
same values as the bit-vector reading, and it is what Horn solvers handle
best; Python code (unbounded ints) reads the same either way. Operations with
no exact linear-arithmetic reading (``|``, ``^``, ``&`` with a non-mask,
shifts by a variable amount) raise `EncodeUnsupported`: the caller then uses
the bit-vector reading (`smt.TermEncoder`).
"""

from __future__ import annotations

import z3

from . import ir
from .smt import EncodeUnsupported, TermEncoder, sort_of

__all__ = ["ExactIntEncoder", "int_convert", "int_fits", "int_range", "int_sort", "int_wrap"]


def int_sort(t: ir.Type) -> z3.SortRef:
    """The z3 sort of `t` on this reading: Int for every integer type (arrays:
    indexed by Int, of their elements' sort)."""
    if isinstance(t, ir.ArrayType):
        return z3.ArraySort(z3.IntSort(), int_sort(t.elem))
    return z3.IntSort() if isinstance(t, ir.IntType) else sort_of(t)


def int_range(term: z3.ArithRef, t: ir.Type) -> z3.BoolRef:
    """`term` (an Int) lies in the range of `t` (true for unbounded ints and BOOL)."""
    if not isinstance(t, ir.IntType) or t.bits is None:
        return z3.BoolVal(True)
    return z3.And(term >= t.min, term <= t.max)


def int_fits(value: int, t: ir.Type) -> bool:
    """`value` lies in the range of `t` (true for unbounded ints and BOOL): `int_range` on a number."""
    return not isinstance(t, ir.IntType) or t.bits is None or t.min <= value <= t.max


def int_wrap(term: z3.ArithRef, t: ir.IntType) -> z3.ArithRef:
    """`term` reduced into `t`'s range as two's complement does."""
    assert t.bits is not None
    size = 1 << t.bits
    if not t.signed:
        return term % size
    half = 1 << (t.bits - 1)
    return (term + half) % size - half


def _contains(outer: ir.IntType, inner: ir.IntType) -> bool:
    if outer.bits is None:
        return True
    if inner.bits is None:
        return False
    return outer.min <= inner.min and inner.max <= outer.max


def int_convert(v: z3.ExprRef, src: ir.Type, dst: ir.Type) -> z3.ExprRef:
    """C's (and Python's) conversion between types, on the Int reading."""
    if src == dst:
        return v
    if isinstance(dst, ir.BoolType):
        return v if isinstance(src, ir.BoolType) else v != 0
    if isinstance(src, ir.BoolType):
        return z3.If(v, z3.IntVal(1), z3.IntVal(0))
    if _contains(dst, src):
        return v
    return int_wrap(v, dst)


def _is_bits(t: ir.Type) -> bool:
    return isinstance(t, ir.IntType) and t.bits is not None


class ExactIntEncoder(TermEncoder):
    """`TermEncoder` with fixed-width integers read as exact Ints (see the module
    docstring); the checks (kinds, texts, order) are those of the bit-vector reading."""

    @staticmethod
    def _mask(a: z3.ExprRef, b: z3.ExprRef) -> z3.ExprRef | None:
        """`a & b` when one side is a constant 2^k - 1: the other modulo 2^k (two's
        complement, so for negative values too), else None."""
        for mask, other in ((b, a), (a, b)):
            m = z3.simplify(mask)
            if z3.is_int_value(m) and m.as_long() >= 0 and (m.as_long() + 1) & m.as_long() == 0:
                return other % (m.as_long() + 1)
        return None

    def _const(self, e: ir.Const, env, guard) -> z3.ExprRef:
        if isinstance(e.type, ir.BoolType):
            return z3.BoolVal(bool(e.value))
        if isinstance(e.type, ir.ArrayType):  # every element e.value
            element = ir.Const(e.value, e.type.elem, e.loc)
            return z3.K(z3.IntSort(), self._const(element, env, guard))
        return z3.IntVal(e.type.wrap(e.value))

    def _cast(self, e: ir.Cast, env, guard) -> z3.ExprRef:
        return int_convert(self.expr(e.arg, env, guard), e.arg.type, e.type)

    def _in_bounds(self, index: z3.ExprRef, length: z3.ExprRef, t: ir.Type) -> z3.BoolRef:
        return z3.And(0 <= index, index < length)

    def _unary(self, e: ir.Unary, env, guard) -> z3.ExprRef:
        t = e.type
        if e.op == "not" or not _is_bits(t):
            return super()._unary(e, env, guard)
        a = self.expr(e.arg, env, guard)
        if e.op == "neg":
            if t.signed:
                self._oblige("overflow", e.loc, guard, a != t.min, f"-{t.min} overflows")
                return -a
            return int_wrap(-a, t)
        if e.op == "bnot":
            return -a - 1 if t.signed else (t.max - a)
        raise EncodeUnsupported(f"unsupported operator {e.op}", e.loc)

    def _binary(self, e: ir.Binary, env, guard) -> z3.ExprRef:
        if e.op in ("land", "lor"):
            return super()._binary(e, env, guard)
        if e.op in ("eq", "ne", "lt", "le", "gt", "ge"):
            if not _is_bits(e.left.type):
                return super()._binary(e, env, guard)
            a = self.expr(e.left, env, guard)
            b = self.expr(e.right, env, guard)
            return {"eq": a == b, "ne": a != b, "lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b}[e.op]
        t = e.type
        if not _is_bits(t):
            if e.op == "band" and isinstance(t, ir.IntType):  # Python: x & (2^k - 1) is x mod 2^k
                masked = self._mask(self.expr(e.left, env, guard), self.expr(e.right, env, guard))
                if masked is not None:
                    return masked
            return super()._binary(e, env, guard)
        a = self.expr(e.left, env, guard)
        b = self.expr(e.right, env, guard)
        op, n = e.op, t.bits
        if op in ("add", "sub", "mul"):
            r = {"add": a + b, "sub": a - b, "mul": a * b}[op]
            if t.signed:
                self._oblige("overflow", e.loc, guard, int_range(r, t), f"signed {op} overflows {t}")
                return r
            return int_wrap(r, t)
        if op in ("div", "mod"):
            self._oblige("div-by-zero", e.loc, guard, b != 0, "division by zero")
            if t.signed:
                self._oblige("overflow", e.loc, guard, z3.Not(z3.And(a == t.min, b == -1)), f"{t.min} / -1 overflows")
            mag = z3.If(a >= 0, a, -a) / z3.If(b >= 0, b, -b)
            q = z3.If((a >= 0) == (b >= 0), mag, -mag)
            return q if op == "div" else a - b * q
        if op in ("shl", "shr"):
            count = z3.simplify(b)
            if not z3.is_int_value(count):
                raise EncodeUnsupported("shift by a variable amount (no exact integer reading)", e.loc)
            k = count.as_long()
            count_t = e.right.type
            in_range = 0 <= k < n if (isinstance(count_t, ir.IntType) and count_t.signed) else k < n
            self._oblige("shift", e.loc, guard, z3.BoolVal(in_range), "shift count negative or too large")
            if not in_range:
                return a
            if op == "shl":
                r = a * (1 << k)
                if t.signed:
                    self._oblige("shift", e.loc, guard, z3.And(a >= 0, r <= t.max),
                                 "left shift of a negative value or out of range")
                    return r
                return int_wrap(r, t)
            return a / (1 << k)  # floor division by 2^k: arithmetic shift for signed values
        if op == "band":
            masked = self._mask(a, b)
            if masked is not None:
                return masked
            raise EncodeUnsupported("'&' with an operand that is not a constant mask 2^k-1", e.loc)
        if op in ("bor", "bxor"):
            raise EncodeUnsupported(f"bitwise '{ {'bor': '|', 'bxor': '^'}[op] }' (no exact integer reading)", e.loc)
        if op in ("floordiv", "floormod"):
            raise EncodeUnsupported("floor division on fixed-width integers", e.loc)
        raise EncodeUnsupported(f"unsupported operator {op}", e.loc)
