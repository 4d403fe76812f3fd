# expect: prove=yes terminates=yes
"""Tuple unpacking in a loop: (lo, hi) kept ordered by a swap over pairs from zip."""


def main(a: list[int], b: list[int]) -> int:
    n = 0
    for x, y in zip(a, b):
        lo, hi = x, y
        if lo > hi:
            lo, hi = hi, lo
        assert lo <= hi
        assert lo == min(x, y) and hi == max(x, y)
        n += 1
    assert n <= len(a) and n <= len(b)
    return n
