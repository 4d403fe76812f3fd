# expect: prove=no terminates=yes
"""signed int wrap-around emulated with a helper (the C program overflows at INT_MAX)."""


def to_int32(v: int) -> int:
    v = v & 0xFFFFFFFF
    if v >= 0x80000000:
        v -= 0x100000000
    return v


def main(x: int) -> int:
    if x < -2147483648 or x > 2147483647:
        return 0
    y = to_int32(x + 1)
    assert y > x
    return 0
