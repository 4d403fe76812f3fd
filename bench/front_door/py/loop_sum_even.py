# expect: prove=yes terminates=yes
"""Translated loop task: the sum of 2s stays even (an invariant s == 2 * i)."""
from verifier import assume


def main(n: int) -> int:
    assume(n >= 0)
    assume(n < 100000)
    i = 0
    s = 0
    while i < n:
        s += 2
        i += 1
    assert s % 2 == 0
    assert s == 2 * n
    return 0
