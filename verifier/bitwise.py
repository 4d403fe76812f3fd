"""Python's bitwise operators and shifts on unbounded integers, as z3 Int terms.

Python reads an int as two's complement with an infinite sign extension
(``-1`` is all ones), so ``~x == -x - 1`` exactly. Each function here returns
the term of one operation and the condition under which that term is exact
(None: exact for every value); the caller turns a condition into an
obligation whose failure means "this analysis is incomplete here", never a
verdict about the program:

- ``a & c``, ``a | c``, ``a ^ c`` with a constant `c`: exact linear
  arithmetic for every `a` (each run of one bits of ``c`` is a floor division
  and a remainder by powers of two; ``a | c == a + c - (a & c)``,
  ``a ^ c == a + c - 2 (a & c)``, and a negative ``c`` works through ``~c``);
- two variable operands: z3's ``int2bv``/``bv2int`` at `EXACT_BITS` bits,
  exact when both operands lie in that many bits' signed range (the result
  then does too);
- ``a << k`` and ``a >> k`` by a variable ``k >= 0`` (the frontends check
  the sign): a multiplication or floor division by the ``2^k`` of each
  ``k`` up to `MAX_SHIFT`; past it ``a >> k`` is still exact (``0`` or
  ``-1``) when ``a`` lies within `MAX_SHIFT` bits.
"""

from __future__ import annotations

import z3

__all__ = ["EXACT_BITS", "MAX_SHIFT", "bitwise", "shift", "bitwise_const"]

#: Width at which two variable operands of ``& | ^`` are read as bit-vectors:
#: 65 signed bits hold every signed and unsigned 64-bit value. (Reading each
#: bit as ``floor(a / 2^i) mod 2`` instead found models about as fast, but z3
#: then gave up on ``x & y == y & x``, which it simplifies away as bit-vectors.)
EXACT_BITS = 65
#: Largest variable shift count read exactly (one case per count).
MAX_SHIFT = 64

_SYMBOL = {"band": "&", "bor": "|", "bxor": "^"}


def bitwise_const(op: str, a: z3.ArithRef, c: int) -> z3.ArithRef:
    """``a op c`` for a constant `c`, exact for every integer `a`."""
    if op == "band":
        return _and_const(a, c)
    if op == "bor":
        return a + c - _and_const(a, c)
    return a + c - 2 * _and_const(a, c)


def _and_const(a: z3.ArithRef, c: int) -> z3.ArithRef:
    if c < 0:  # the bits of c and ~c partition a's bits
        return a - _and_const(a, ~c)
    parts: list[z3.ArithRef] = []
    i = 0
    while c >> i:
        if not (c >> i) & 1:
            i += 1
            continue
        j = i
        while (c >> j) & 1:
            j += 1
        # bits i .. j-1 of a, in place: floor(a / 2^i) mod 2^(j-i), times 2^i
        run = a if i == 0 else a / (1 << i)
        parts.append((run % (1 << (j - i))) * (1 << i))
        i = j
    if not parts:
        return z3.IntVal(0)
    return parts[0] if len(parts) == 1 else z3.Sum(parts)


def bitwise(op: str, a: z3.ArithRef, b: z3.ArithRef) -> tuple[z3.ArithRef, z3.BoolRef | None, str]:
    """``a op b`` (op: band, bor, bxor): its term, the condition under which it is
    exact (None: always), and what that condition says, for messages."""
    for const, other in ((b, a), (a, b)):
        value = z3.simplify(const)
        if z3.is_int_value(value):
            return bitwise_const(op, other, value.as_long()), None, ""
    x, y = z3.Int2BV(a, EXACT_BITS), z3.Int2BV(b, EXACT_BITS)
    bits = {"band": x & y, "bor": x | y, "bxor": x ^ y}[op]
    top = 1 << (EXACT_BITS - 1)
    fits = z3.And(a >= -top, a < top, b >= -top, b < top)
    why = f"'{_SYMBOL[op]}' is read exactly only on operands within {EXACT_BITS} bits (signed)"
    return z3.BV2Int(bits, is_signed=True), fits, why


def shift(op: str, a: z3.ArithRef, k: z3.ArithRef) -> tuple[z3.ArithRef, z3.BoolRef | None, str]:
    """``a << k`` (op shl) or ``a >> k`` (shr) for ``k >= 0``: its term, the
    condition under which it is exact (None: always), and what it says."""
    count = z3.simplify(k)
    if z3.is_int_value(count):
        n = count.as_long()
        if n < 0:
            return a, None, ""  # the caller's negative-count check fails first
        return _shift_by(op, a, n), None, ""
    # past MAX_SHIFT: `a >> k` is the sign of a small `a`; `a << k` is not read (the condition fails)
    result = a if op == "shl" else z3.If(a < 0, z3.IntVal(-1), z3.IntVal(0))
    for n in range(MAX_SHIFT, -1, -1):
        result = z3.If(k == n, _shift_by(op, a, n), result)
    if op == "shl":
        return result, k <= MAX_SHIFT, f"'<<' is read exactly only for counts up to {MAX_SHIFT}"
    small = z3.And(a >= -(1 << MAX_SHIFT), a < (1 << MAX_SHIFT))
    return result, z3.Or(k <= MAX_SHIFT, small), (f"'>>' is read exactly only for counts up to {MAX_SHIFT} "
                                                  f"or values within {MAX_SHIFT} bits")


def _shift_by(op: str, a: z3.ArithRef, n: int) -> z3.ArithRef:
    if n == 0:
        return a
    return a * (1 << n) if op == "shl" else a / (1 << n)  # Int division by a positive constant floors
