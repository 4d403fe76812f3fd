# expect: prove=yes terminates=yes
"""unsigned int arithmetic emulated with & 0xFFFFFFFF."""
from verifier import assume


def main(x: int) -> int:
    assume(0 <= x <= 0xFFFFFFFF)
    y = (x + 1) & 0xFFFFFFFF
    if x == 0xFFFFFFFF:
        assert y == 0
    else:
        assert y == x + 1
    return 0
