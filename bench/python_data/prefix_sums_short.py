"""Prefix sums written into a list one element too short."""


def prefix_sums_short(xs: list[int]) -> list[int]:
    """sums[i] is the sum of the first i elements.

    post: len(__return__) == len(xs) + 1
    """
    sums = [0] * len(xs)
    for i in range(1, len(xs) + 1):
        sums[i] = sums[i - 1] + xs[i - 1]
    return sums
