# expect: prove=yes terminates=yes
"""C parity tests x & 1 and x % 2 on Python ints, negatives included; x >> 1 is x // 2."""


def main(x: int) -> int:
    assert (x & 1) == x % 2
    assert (x >> 1) == x // 2
    assert (x ^ x) == 0 and (x | 0) == x
    return x & 1
