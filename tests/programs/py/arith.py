"""Integer arithmetic with Python's exact semantics (verify's Python subset).

Floor division and modulo of negative operands, unbounded ints, powers with
constant exponents, bitwise operators and shifts, bools as 0/1, int literals in
every base, `and`/`or` returning an operand, chained comparisons, conditional
expressions, abs/min/max. Some functions fail on purpose for some inputs (the
comment says which), so a checker has something to find.
"""

from verifier import assume


def floor_ops(a: int, b: int) -> int:
    """ZeroDivisionError when b == 0; otherwise both asserts hold."""
    q = a // b
    r = a % b
    assert q * b + r == a
    assert r == 0 or (r > 0) == (b > 0), "the remainder takes the divisor's sign"
    return q


def mean(a: int, b: int) -> int:
    """Floors toward minus infinity: mean(-3, 0) == -2, unlike C's -1."""
    m = (a + b) // 2
    assert m * 2 <= a + b < m * 2 + 2
    return m


def literals(x: int) -> int:
    y = 0x1F + 0o17 + 0b101 + 1_000 + 0
    y -= x ** 2
    y += (-x) ** 3 - 2 ** 70
    y *= 2
    y //= 3 if x else 1
    y %= 1 << 80
    return y + -x + +x - ~x


def bits(x: int, s: int) -> int:
    """ValueError (negative shift count) when s < 0."""
    assume(s < 70)
    y = (x << 3) >> 1
    z = x & 0xFF | (x ^ -1) & 7
    y ^= z
    y &= ~0
    y |= 0
    y <<= 1
    y >>= 2
    return y + z + (x >> s)


def logic(a: int, b: int, flag: bool) -> int:
    c = a and b
    d = a or b or 7
    e = flag and a > 0
    if not flag or a < b <= a * a < 100:
        c += 1
    t = a if a > b else b
    m = min(a, b, 3) + max(a, -b) + abs(a - b)
    return c + d + e + t + m + (flag + flag) + True


def middle(x: int) -> int:
    return 2 * x + 1


def chained(a: int, b: int) -> int:
    """ZeroDivisionError when a == 3 and 3 < 2 * b + 1: the last link is lazy."""
    if a < middle(b) <= 10 // (a - 3):
        return 1
    return 0


def guarded(a: int, b: int) -> int:
    """Never divides by zero: every division is behind a test of b."""
    if b != 0 and a // b > 2:
        return 1
    r = a % b if b else -1
    ok = b == 0 or a % b == 0
    assert not ok or b == 0 or a == (a // b) * b
    return r + ok


def bool_values(p: bool, q: bool) -> bool:
    both = p & q
    either = p | q
    differ = p ^ q
    assert either == (both or differ)
    return both == (p and q)
