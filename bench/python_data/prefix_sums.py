"""Prefix sums with a leading zero."""


def prefix_sums(xs: list[int]) -> list[int]:
    """sums[i] is the sum of the first i elements.

    post: len(__return__) == len(xs) + 1
    post: __return__[-1] == sum(xs)
    """
    sums = [0]
    for x in xs:
        sums.append(sums[-1] + x)
    return sums
