# expect: prove=yes terminates=yes
"""Asserts inside helpers, every call guarded by the caller: a positive remainder and divisor."""


def checked_mod(a: int, m: int) -> int:
    assert m > 0
    r = a % m
    assert 0 <= r < m
    return r


def main(a: int, m: int) -> int:
    if m <= 0:
        m = 1 - m
    return checked_mod(a, m) + checked_mod(-a, m)
