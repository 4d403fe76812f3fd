# expect: prove=yes terminates=yes
"""The XOR swap of two ints (negatives too)."""


def main(a: int, b: int) -> int:
    x, y = a, b
    x ^= y
    y ^= x
    x ^= y
    assert x == b and y == a
    return x
