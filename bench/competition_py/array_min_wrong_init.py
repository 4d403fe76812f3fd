# expect: prove=no terminates=yes
"""Array task: the minimum starts at 0 instead of a[0], so it is below every positive array."""
from verifier import assume


def main(a: list[int]) -> int:
    n = len(a)
    assume(1 <= n <= 10)
    m = 0
    for i in range(n):
        if a[i] < m:
            m = a[i]
    assert m in a
    return m
