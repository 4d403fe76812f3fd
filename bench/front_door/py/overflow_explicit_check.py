# expect: prove=no terminates=yes
"""Signed overflow made explicit: the translator asserts every int result fits in 32 bits."""
INT_MAX = 2147483647
INT_MIN = -2147483648


def main(a: int, b: int) -> int:
    if a < INT_MIN or a > INT_MAX or b < INT_MIN or b > INT_MAX:
        return 0
    if a > 0 and b > 0:
        s = a + b
        assert INT_MIN <= s <= INT_MAX
    return 0
