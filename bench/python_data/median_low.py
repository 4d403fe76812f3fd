"""Low median that picks the upper middle of an even-length list (deal)."""

import deal


@deal.pre(lambda xs: len(xs) > 0)
@deal.ensure(lambda xs, result: result == sorted(xs)[(len(xs) - 1) // 2])
def median_low(xs: list[int]) -> int:
    ordered = sorted(xs)
    return ordered[len(ordered) // 2]
