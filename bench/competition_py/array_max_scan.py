# expect: prove=yes terminates=yes
"""Array task: a running maximum is at least every element (checked at a chosen index)."""
from verifier import assume


def main(a: list[int], k: int) -> int:
    n = len(a)
    assume(1 <= n <= 30)
    assume(0 <= k < n)
    m = a[0]
    i = 1
    while i < n:
        if a[i] > m:
            m = a[i]
        i += 1
    assert m >= a[k]
    return m
