"""Repeated squaring modulo m, claimed never to give zero (a multiple of m does).

expect: no assert at line 17 (base = 0)
"""


def power_mod(base: int, e: int, m: int) -> int:
    """pre: e >= 0 and m > 1"""
    result = 1
    b = base % m
    k = e
    while k > 0:
        if k % 2 == 1:
            result = result * b % m
        b = b * b % m
        k //= 2
    assert result != 0 or e == 0
    return result
