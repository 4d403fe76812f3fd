"""The item farthest from zero, by sorting on abs; 0 for the empty list."""


def largest_magnitude_guarded(xs: list[int]) -> int:
    assert isinstance(xs, list)
    if not xs:
        return 0
    ys = sorted(xs, key=abs)
    return ys[-1]
