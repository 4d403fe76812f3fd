# expect: prove=no terminates=yes
"""unsigned int doubling wraps: x * 2 & 0xFFFFFFFF is less than x for a large x."""
from verifier import assume


def main(x: int) -> int:
    assume(0 <= x <= 0xFFFFFFFF)
    y = (x * 2) & 0xFFFFFFFF
    assert y >= x
    return 0
