"""Low median of a non-empty list (deal)."""

import deal


@deal.pre(lambda xs: len(xs) > 0)
@deal.ensure(lambda xs, result: result in xs)
@deal.ensure(lambda xs, result: result == sorted(xs)[(len(xs) - 1) // 2])
def median_low_fixed(xs: list[int]) -> int:
    ordered = sorted(xs)
    return ordered[(len(ordered) - 1) // 2]
