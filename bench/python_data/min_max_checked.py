"""Smallest and largest element as a tuple; the empty list is a documented ValueError."""


def min_max_checked(xs: list[int]) -> tuple[int, int]:
    """Smallest and largest element of xs.

    :raises ValueError: if xs is empty.
    """
    assert isinstance(xs, list)
    if len(xs) == 0:
        raise ValueError("min_max of an empty list")
    lo, hi = xs[0], xs[0]
    for x in xs:
        if x < lo:
            lo = x
        if x > hi:
            hi = x
    assert lo <= hi
    return (lo, hi)
