# expect: prove=yes terminates=yes
"""Tail recursion with an accumulator, bounded below the recursion limit: the Gauss sum."""
from verifier import assume


def sum_to(n: int, acc: int) -> int:
    if n == 0:
        return acc
    return sum_to(n - 1, acc + n)


def main(n: int) -> int:
    assume(0 <= n <= 30)
    s = sum_to(n, 0)
    assert 2 * s == n * (n + 1)
    return s
