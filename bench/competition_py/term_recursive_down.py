# expect: terminates=no
"""Recursion that skips 0 for odd arguments (n - 2 from 1 to -1 and on)."""


def down(n: int) -> int:
    if n == 0:
        return 0
    return down(n - 2)


def main(n: int) -> int:
    if n < 0:
        return 0
    return down(n)
