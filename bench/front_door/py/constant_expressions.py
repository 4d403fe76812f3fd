# expect: prove=no terminates=yes
"""Constants written as expressions of other constants, as C macros are translated."""
BITS = 8
MASK = (1 << BITS) - 1
HALF = MASK // 2 + 1
INT32_MAX: int = 2**31 - 1


def main(x: int) -> int:
    if x < 0 or x > INT32_MAX:
        return 0
    low = x & MASK
    assert 0 <= low <= MASK
    assert low < HALF or low >= 128
    assert low != MASK
    return low
