# expect: prove=yes terminates=yes
"""Overflow-checked average: (a + b) // 2 computed without leaving the int range."""
INT_MAX = 2147483647
INT_MIN = -2147483648


def main(a: int, b: int) -> int:
    if a < 0 or a > INT_MAX or b < 0 or b > INT_MAX:
        return 0
    m = a + (b - a) // 2
    assert INT_MIN <= b - a <= INT_MAX
    assert INT_MIN <= m <= INT_MAX
    return m
