# expect: prove=yes terminates=yes
"""A 2-D array as a list of rows ([[0] * m for _ in range(n)]); the cell sum is n * m."""
from verifier import assume


def main(n: int, m: int) -> int:
    assume(0 < n <= 5)
    assume(0 < m <= 5)
    g = [[0] * m for _ in range(n)]
    for i in range(n):
        for j in range(m):
            g[i][j] = 1
    total = 0
    for i in range(n):
        for j in range(m):
            total += g[i][j]
    assert total == n * m
    return total
