"""The mean of a list, which forgets the empty list.

expect: no for mean (div-by-zero): `mean([])` divides by len([]) == 0.
expect: yes for mean_or_zero (div-by-zero): the empty list is handled first.
expect: no for spread (value): `max([])` raises ValueError.
"""


def mean(xs: list[int]) -> int:
    return sum(xs) // len(xs)


def mean_or_zero(xs: list[int]) -> int:
    if not xs:
        return 0
    return sum(xs) // len(xs)


def spread(xs: list[int]) -> int:
    return max(xs) - min(xs)
