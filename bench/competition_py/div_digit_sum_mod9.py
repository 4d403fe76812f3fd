# expect: prove=yes terminates=yes
"""Digit sum with // and %: congruent to the number modulo 9."""
from verifier import assume


def main(n: int) -> int:
    assume(0 <= n <= 99999)
    m = n
    s = 0
    while m > 0:
        s += m % 10
        m //= 10
    assert s % 9 == n % 9
    return s
