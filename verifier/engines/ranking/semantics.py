"""Affine forms as z3 formulas in the program's own semantics: mathematical
integers, or bit-vectors widened so that nothing wraps.

Used to state ranking and invariant obligations on the exact encoding of a
program (`verifier.engines.termination.ranked_loops`, `verifier.engines.termination.recurrence`);
variables are read from an environment of z3 terms with their IR types.
"""

from __future__ import annotations

import z3

from ... import ir
from ...affine import Lin, Number
from .congruence import Congruence


def affine_ge0(items: list[tuple[Number, z3.ExprRef, ir.Type]], const: Number = 0,
               pairs: list[tuple[Number, z3.ExprRef, z3.ExprRef, ir.Type]] = ()) -> z3.BoolRef:
    """``sum(c * value(t) for items) + sum(c * (value(a) - value(b)) for pairs)
    + const >= 0`` exactly, in the terms' own semantics: mathematical integers,
    or bit-vectors widened (sign- or zero-extended by the term's type) so that
    nothing can wrap.

    The bit-vector form is shaped for bit-blasting solvers: differences of a
    variable before and after a step are taken first, negative terms move to
    the other side, and multiplication by a constant is shifts and adds (cvc5
    takes seconds on ``-1 * x`` or ``3 * d`` where it takes milliseconds on
    ``d << 1 + d``)."""
    items = [(int(c), t, ty) for c, t, ty in items if c != 0]
    pairs = [(int(c), a, b, ty) for c, a, b, ty in pairs if c != 0 and not a.eq(b)]
    const = int(const)
    bv = [ty.bits for _, t, ty in items if isinstance(ty, ir.IntType) and ty.bits is not None]
    bv += [ty.bits for _, _, _, ty in pairs if isinstance(ty, ir.IntType) and ty.bits is not None]
    if not bv:
        def val(t, ty):
            return z3.If(t, 1, 0) if isinstance(ty, ir.BoolType) else t

        terms = [c * val(t, ty) for c, t, ty in items] + [c * (val(a, ty) - val(b, ty)) for c, a, b, ty in pairs]
        if not terms:  # (z3 would print a one-argument `+`, which cvc5's parser rejects)
            return z3.BoolVal(const >= 0)
        return z3.Sum([*terms, z3.IntVal(const)]) >= 0
    total = sum(abs(c) for c, _, _ in items) + 2 * sum(abs(c) for c, _, _, _ in pairs) + abs(const) + 1
    width = max(bv) + total.bit_length() + 2

    def wide(t, ty):
        if isinstance(ty, ir.BoolType):
            return z3.If(t, z3.BitVecVal(1, width), z3.BitVecVal(0, width))
        assert ty.bits is not None, "mixed bit-vector and unbounded terms"
        return (z3.SignExt if ty.signed else z3.ZeroExt)(width - ty.bits, t)

    def times(k: int, t):
        parts = [t if j == 0 else t << j for j in range(k.bit_length()) if k >> j & 1]
        return parts[0] if len(parts) == 1 else z3.Sum(parts)

    lhs, rhs = [], []
    for c, a, b, ty in pairs:
        d = wide(a, ty) - wide(b, ty) if c > 0 else wide(b, ty) - wide(a, ty)
        lhs.append(times(abs(c), d))
    for c, t, ty in items:
        (lhs if c > 0 else rhs).append(times(abs(c), wide(t, ty)))
    if const > 0:
        lhs.append(z3.BitVecVal(const, width))
    elif const < 0:
        rhs.append(z3.BitVecVal(-const, width))

    def total_of(ts):
        return z3.BitVecVal(0, width) if not ts else ts[0] if len(ts) == 1 else z3.Sum(ts)

    return total_of(lhs) >= total_of(rhs)


def step_terms(f_src: Lin, f_dst: Lin, pre: dict[str, z3.ExprRef], post: dict[str, z3.ExprRef],
               types: dict[str, ir.Type]
               ) -> tuple[list[tuple[Number, z3.ExprRef, ir.Type]],
                          list[tuple[Number, z3.ExprRef, z3.ExprRef, ir.Type]], Number]:
    """``f_src(pre) - f_dst(post)`` as (items, pairs, const) for `affine_ge0`:
    each variable's change is one pair (an unchanged variable cancels out)."""
    items, pairs = [], []
    for v in sorted(set(f_src.coeffs) | set(f_dst.coeffs)):
        a, b = f_src.coeffs.get(v, 0), f_dst.coeffs.get(v, 0)
        if pre[v].eq(post[v]):
            items.append((a - b, pre[v], types[v]))
            continue
        common = min(a, b, key=abs) if (a > 0) == (b > 0) and a and b else 0
        if common:
            pairs.append((common, pre[v], post[v], types[v]))
        items.append((a - common, pre[v], types[v]))
        items.append((-(b - common), post[v], types[v]))
    return items, pairs, f_src.const - f_dst.const


def lin_items(lin: Lin, env: dict[str, z3.ExprRef], types: dict[str, ir.Type],
              scale: int = 1) -> list[tuple[Number, z3.ExprRef, ir.Type]]:
    """The terms of `lin` with variables read from `env`."""
    return [(c * scale, env[v], types[v]) for v, c in lin.coeffs.items()]


def holds(lin: Lin | Congruence, env: dict[str, z3.ExprRef], types: dict[str, ir.Type]) -> z3.BoolRef:
    """``lin >= 0`` (or the congruence) with variables read from `env`, in the program's semantics."""
    if isinstance(lin, Congruence):
        return lin.holds(env, types)
    return affine_ge0(lin_items(lin, env, types), lin.const)

