# expect: prove=yes terminates=yes
"""Recursive Euclid with %: the result divides both arguments."""


def gcd(a: int, b: int) -> int:
    if b == 0:
        return a
    return gcd(b, a % b)


def main(a: int, b: int) -> int:
    if a <= 0 or b <= 0 or a > 50 or b > 50:
        return 0
    g = gcd(a, b)
    assert g > 0
    assert a % g == 0 and b % g == 0
    return g
