# expect: prove=no terminates=yes
"""A Python translation of comp_trunc_division.c: Python's // floors, so the remainder
takes the divisor's sign, and the C fact "a < 0 implies r <= 0" fails (a = -1, b = 2)."""
from verifier import assume


def remainder_sign(a: int, b: int) -> int:
    assume(-1000 < a < 1000)
    assume(0 < b < 50)
    q = a // b
    r = a % b
    assert q * b + r == a
    assert a >= 0 or r <= 0
    return r
