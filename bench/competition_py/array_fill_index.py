# expect: prove=yes terminates=yes
"""Array task: fill a[i] = i with a list built by [0] * n, then check every cell."""
from verifier import assume


def main(n: int) -> int:
    assume(0 < n <= 64)
    a = [0] * n
    for i in range(n):
        a[i] = i
    for j in range(n):
        assert a[j] == j
    return 0
