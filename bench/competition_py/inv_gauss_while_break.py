# expect: prove=yes terminates=yes
"""while True ... break with the exit test in the middle of the body."""
from verifier import assume


def main(n: int) -> int:
    assume(1 <= n <= 1000)
    i = 0
    s = 0
    while True:
        i += 1
        s += i
        if i >= n:
            break
    assert 2 * s == n * (n + 1)
    return s
