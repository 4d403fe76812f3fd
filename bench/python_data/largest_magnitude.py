"""The item farthest from zero, by sorting on abs: nothing guards the empty list."""


def largest_magnitude(xs: list[int]) -> int:
    assert isinstance(xs, list)
    ys = sorted(xs, key=abs)
    return ys[-1]
