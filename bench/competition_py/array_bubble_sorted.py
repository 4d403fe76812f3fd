# expect: prove=yes terminates=yes
"""Bubble sort of a small list; afterwards the first element is the minimum."""
from verifier import assume


def main(a: list[int]) -> int:
    n = len(a)
    assume(1 <= n <= 4)
    for i in range(n):
        for j in range(n - 1 - i):
            if a[j] > a[j + 1]:
                a[j], a[j + 1] = a[j + 1], a[j]
    assert a[0] == min(a)
    return a[0]
