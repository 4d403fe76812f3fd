"""Subtractive gcd, claimed to be below both arguments (it equals them when they are equal).

expect: no assert at line 14 (a = b = 1)
"""


def gcd_below(a: int, b: int) -> int:
    """pre: a > 0 and b > 0"""
    while a != b:
        if a > b:
            a = a - b
        else:
            b = b - a
    assert a < b or a == 1 and b > 1
    return a
