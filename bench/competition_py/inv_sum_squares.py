# expect: prove=yes terminates=yes
"""Nonlinear loop invariant: 6 * sum of squares == n (n + 1) (2n + 1)."""
from verifier import assume


def main(n: int) -> int:
    assume(0 <= n <= 1000)
    s = 0
    for i in range(1, n + 1):
        s += i * i
    assert 6 * s == n * (n + 1) * (2 * n + 1)
    return s
