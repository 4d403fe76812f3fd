# expect: prove=yes terminates=yes
"""Halving loop with //: counts at most the bit length of n."""
from verifier import assume


def main(n: int) -> int:
    assume(1 <= n <= 1 << 20)
    steps = 0
    while n > 1:
        n //= 2
        steps += 1
    assert steps <= 20
    assert n == 1
    return steps
