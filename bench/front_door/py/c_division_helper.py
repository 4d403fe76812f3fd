# expect: prove=yes terminates=yes
"""C's truncating division and remainder written as helpers, as a translator emits them."""


def c_div(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    if (a < 0) != (b < 0):
        return -q
    return q


def c_mod(a: int, b: int) -> int:
    return a - b * c_div(a, b)


def main(a: int, b: int) -> int:
    if b == 0 or a < -1000 or a > 1000 or b < -50 or b > 50:
        return 0
    q = c_div(a, b)
    r = c_mod(a, b)
    assert q * b + r == a
    assert a < 0 or r >= 0
    assert a > 0 or r <= 0
    return 0
