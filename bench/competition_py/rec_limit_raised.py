# expect: prove=yes terminates=yes
"""A recursive task whose translation raises CPython's recursion limit (sys.setrecursionlimit)."""
import sys

sys.setrecursionlimit(100000)


def count_down(n: int) -> int:
    if n <= 0:
        return 0
    return 1 + count_down(n - 1)


def main(n: int) -> int:
    if n < 0 or n > 5000:
        return 0
    r = count_down(n)
    assert r == n
    return r
