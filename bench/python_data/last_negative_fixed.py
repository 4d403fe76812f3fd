"""The position of the last negative number, scanning backwards with reversed(range(len(xs)))."""


def last_negative_fixed(xs: list[int]) -> int:
    assert isinstance(xs, list)
    for i in reversed(range(len(xs))):
        if xs[i] < 0:
            return i
    return -1
