# expect: prove=yes terminates=yes
"""Array task: b is a reversed copy of a; check b[n-1-i] == a[i] for a nondeterministic index."""
from verifier import assume


def main(a: list[int], k: int) -> int:
    n = len(a)
    assume(0 < n <= 20)
    assume(0 <= k < n)
    b = [0] * n
    for i in range(n):
        b[n - 1 - i] = a[i]
    assert b[n - 1 - k] == a[k]
    return 0
