"""Two's-complement wrap-around for C's signed integers (``--int-semantics wrap``).

`wrap_signed(program)` rewrites every signed fixed-width ``+ - * << `` and
unary ``-`` into the same operation on the unsigned type of the same width,
converted back: ``(int)((unsigned)a + (unsigned)b)``. That is what ``gcc
-fwrapv`` (and Java) define those operations to be, so they never fail the
``overflow`` check and every reading of the IR (bit-vectors, exact integers,
the interpreter) computes modulo 2^w without knowing of this mode. What stays
as in ``bv``: division and remainder (``INT_MIN / -1`` still fails
``overflow``, as the division traps under ``-fwrapv`` too), shift counts out
of range (``shift``), and conversions (they wrap already).
"""

from __future__ import annotations

import dataclasses

from . import ir
from .irutil import map_expr, map_stmt_exprs

__all__ = ["WRAPPED_OPS", "wrap_signed"]

#: Binary operations that wrap instead of overflowing (unary ``neg`` too).
WRAPPED_OPS = frozenset({"add", "sub", "mul", "shl"})


def _signed_bits(t: ir.Type) -> bool:
    return isinstance(t, ir.IntType) and t.bits is not None and t.signed


def _wrap_expr(expr: ir.Expr) -> ir.Expr:
    def visit(e: ir.Expr) -> ir.Expr | None:
        if isinstance(e, ir.Binary) and e.op in WRAPPED_OPS and _signed_bits(e.type):
            u = ir.IntType(e.type.bits, False)
            left = ir.Cast(map_expr(e.left, visit), u, e.loc)
            right = map_expr(e.right, visit)
            if e.op != "shl":  # a shift count keeps its own type
                right = ir.Cast(right, u, e.loc)
            return ir.Cast(ir.Binary(e.op, left, right, u, e.loc), e.type, e.loc)
        if isinstance(e, ir.Unary) and e.op == "neg" and _signed_bits(e.type):
            u = ir.IntType(e.type.bits, False)
            inner = ir.Unary("neg", ir.Cast(map_expr(e.arg, visit), u, e.loc), u, e.loc)
            return ir.Cast(inner, e.type, e.loc)
        return None

    return map_expr(expr, visit)


def wrap_signed(program: ir.Program) -> ir.Program:
    """`program` (C, read with ``bv``) with wrapping signed arithmetic, semantics ``wrap``."""
    functions = {name: dataclasses.replace(fn, body=map_stmt_exprs(fn.body, _wrap_expr)) for name, fn in program.functions.items()}
    return dataclasses.replace(program, semantics="wrap", functions=functions)
