# expect: prove=no terminates=yes
"""A translator that kept Python's // for C's /: -7 / 2 is -3 in C but -7 // 2 is -4."""


def main(a: int) -> int:
    if a < -100 or a > 100:
        return 0
    q = a // 2
    assert 2 * q == a or 2 * q + 1 == a or 2 * q - 1 == a
    assert a >= 0 or q * 2 >= a
    assert q >= a or a <= 0 or q <= a
    r = a % 2
    assert r == 0 or a > 0
    return 0
