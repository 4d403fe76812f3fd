# expect: prove=yes terminates=yes
"""while-else: the smallest divisor search; the else branch (no break) means n is prime."""
from verifier import assume


def main(n: int) -> int:
    assume(2 <= n <= 60)
    d = 2
    while d * d <= n:
        if n % d == 0:
            break
        d += 1
    else:
        d = n
    assert n % d == 0 and 2 <= d <= n
    return d
