"""The exact integer reading with fixed-width ``&``, ``|`` and ``^`` read as any value of their type.

`int_reading.ExactIntEncoder` has no reading for ``a ^ b``, ``a | b`` and ``a & b``
(but a mask) of two fixed-width values. Here each such result is a fresh
constant ``bits!n`` (clamped into its type's range), unconstrained otherwise:
an over-approximation. Every execution of the exact reading with the operation's
real value for that constant is one of this reading's, so a formula of this
reading that is unsatisfiable stays so for the real operation (a yes carries
over); a satisfying model may rely on a value the operation never gives, so a
model proves nothing (callers draw no no from it). The fresh constants are not
state and not nondets: the reading serves one step of loop-free code only.
"""

from __future__ import annotations

import z3

from . import ir
from .int_reading import ExactIntEncoder, int_range

__all__ = ["ABSTRACT_PREFIX", "BitsAbstractedEncoder"]

#: the start of each fresh constant's name (no C or Python identifier holds ``!``)
ABSTRACT_PREFIX = "bits!"


class BitsAbstractedEncoder(ExactIntEncoder):
    """`ExactIntEncoder` with ``& | ^`` of two fixed-width values a fresh value of their type
    (a mask ``& (2^k - 1)`` is still read exactly); see the module docstring."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fresh = 0  # fresh constants made so far

    def _binary(self, e: ir.Binary, env, guard) -> z3.ExprRef:
        t = e.type
        if e.op not in ("band", "bor", "bxor") or not isinstance(t, ir.IntType) or t.bits is None:
            return super()._binary(e, env, guard)
        a = self.expr(e.left, env, guard)  # the operands' own checks, as the exact reading has them
        b = self.expr(e.right, env, guard)
        masked = self._mask(a, b) if e.op == "band" else None
        if masked is not None:
            return masked
        value = z3.Int(f"{ABSTRACT_PREFIX}{self.fresh}")
        self.fresh += 1
        return z3.If(int_range(value, t), value, z3.IntVal(t.min))
