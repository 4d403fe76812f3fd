# expect: prove=yes terminates=yes
"""Slicing: the sum of a prefix and the rest is the sum of the whole list."""
from verifier import assume


def main(a: list[int], k: int) -> int:
    assume(0 <= k <= len(a))
    assume(len(a) <= 8)
    assert sum(a[:k]) + sum(a[k:]) == sum(a)
    return 0
