# expect: prove=no terminates=yes
"""A 2-D array task: set the diagonal of an n x n grid, then read one cell past a row's end."""
from verifier import assume


def main(n: int, k: int) -> int:
    assume(1 <= n <= 4)
    assume(0 <= k < n)
    g = [[0] * n for _ in range(n)]
    for i in range(n):
        g[i][i] = 1
    return g[k][k + 1]
