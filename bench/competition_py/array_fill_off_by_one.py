# expect: prove=no terminates=yes
"""Array task: the fill loop writes one cell past the end (range(n + 1))."""
from verifier import assume


def main(n: int) -> int:
    assume(0 < n <= 64)
    a = [0] * n
    for i in range(n + 1):
        a[i] = 2 * i
    return a[0]
