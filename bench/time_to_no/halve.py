"""Halving down to one, with the power of two it passes; wrong for n not a power of two.

expect: no assert at line 15 (n = 3 takes one step, and 3 > 2)
"""


def halve(n: int) -> int:
    """pre: n >= 1"""
    steps, power = 0, 1
    m = n
    while m > 1:
        m = m // 2
        steps += 1
        power *= 2
    assert n <= power
    return steps
