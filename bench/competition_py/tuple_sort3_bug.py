# expect: prove=no terminates=yes
"""A three-value sort through a swapping helper that returns a pair; the last pass is missing."""


def order(a: int, b: int) -> tuple[int, int]:
    if a > b:
        return b, a
    return a, b


def main(x: int, y: int, z: int) -> int:
    a, b = order(x, y)
    b, c = order(b, z)
    assert a <= b <= c
    return a
