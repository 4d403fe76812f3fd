# expect: prove=yes terminates=yes
"""Recursive sum 0 + ... + n equals the closed form (past the inlining depth)."""


def rsum(n: int) -> int:
    if n <= 0:
        return 0
    return n + rsum(n - 1)


def main(n: int) -> int:
    if n < 0 or n > 500:
        return 0
    assert 2 * rsum(n) == n * (n + 1)
    return 0
