"""Smallest and largest element as a tuple, reading xs[0] of a possibly empty list."""


def min_max(xs: list[int]) -> tuple[int, int]:
    assert isinstance(xs, list)
    lo, hi = xs[0], xs[0]
    for x in xs:
        if x < lo:
            lo = x
        if x > hi:
            hi = x
    assert lo <= hi
    return (lo, hi)
