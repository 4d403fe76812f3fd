"""A countdown that stops one step early.

expect: no assert at line 12 (n = 1 leaves i == 1)
"""


def countdown(n: int) -> int:
    """pre: n >= 0"""
    i = n
    while i > 1:
        i -= 1
    assert n == 0 or i == 0
    return i
