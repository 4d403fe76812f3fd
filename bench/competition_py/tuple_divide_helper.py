# expect: prove=yes terminates=no
"""C's divide(int a, int b, int *q, int *r) translated as a helper returning the pair (q, r)."""


def divide(a: int, b: int) -> tuple[int, int]:
    q = 0
    r = a
    while r >= b:
        r -= b
        q += 1
    return q, r


def main(x: int, y: int) -> int:
    if x < 0 or y <= 0 or x > 10000:  # divide(0, 0) alone runs forever
        return 0
    q, r = divide(x, y)
    assert q * y + r == x
    assert 0 <= r < y
    return q
