# expect: prove=no terminates=yes
"""A dict of the first n squares looked up at a key that may be missing (KeyError)."""
from verifier import assume


def main(n: int, k: int) -> int:
    assume(0 <= n <= 10)
    squares: dict[int, int] = {}
    for i in range(n):
        squares[i] = i * i
    if k >= 0:
        return squares[k]
    return 0
