# expect: prove=yes terminates=yes
"""C's x = x / 2 translated as int(x / 2) on a bounded positive x: the loop ends."""
from verifier import assume


def main(x: int) -> int:
    assume(0 <= x <= 1000000)
    n = 0
    while x > 0:
        x = int(x / 2)
        n += 1
    assert n <= 20
    return n
