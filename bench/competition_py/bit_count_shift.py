# expect: prove=yes terminates=yes
"""Counting bits by shifting right: popcount stays below the number of shifts, which is at most x."""
from verifier import assume


def main(x: int) -> int:
    assume(0 <= x <= 1 << 20)
    c = 0
    steps = 0
    y = x
    while y > 0:
        c += y & 1
        y >>= 1
        steps += 1
    assert 0 <= c <= steps
    assert steps <= x
    return c
