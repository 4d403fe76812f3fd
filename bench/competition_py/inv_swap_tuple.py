# expect: prove=yes terminates=yes
"""Tuple swaps in a loop keep the pair's sum (a, b = b, a + 0)."""
from verifier import assume


def main(a: int, b: int, n: int) -> int:
    assume(0 <= n <= 50)
    s = a + b
    for _ in range(n):
        a, b = b, a
        assert a + b == s
    return a
