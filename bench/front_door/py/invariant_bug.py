# expect: prove=no terminates=yes
"""A loop-invariant benchmark with a wrong claim: x ends at n only for even n."""
from verifier import assume


def main(n: int) -> int:
    assume(n >= 0 and n <= 100)
    x = 0
    while x < n:
        x += 2
    assert x == n
    return 0
