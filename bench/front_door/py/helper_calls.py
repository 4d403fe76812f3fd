# expect: prove=yes terminates=yes
"""Helper functions called from main (max and abs as a translator writes them)."""


def max2(a: int, b: int) -> int:
    if a > b:
        return a
    return b


def abs_val(a: int) -> int:
    return -a if a < 0 else a


def main(x: int, y: int) -> int:
    m = max2(abs_val(x), abs_val(y))
    assert m >= x and m >= -x
    assert m >= y and m >= -y
    return m
