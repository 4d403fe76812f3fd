# expect: prove=yes terminates=yes
"""A loop-invariant benchmark: x + y stays constant."""
from verifier import assume


def main(x: int, y: int) -> int:
    assume(x >= 0 and y >= 0)
    total = x + y
    while x > 0:
        x -= 1
        y += 1
    assert y == total
    return 0
