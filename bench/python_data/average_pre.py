"""Integer average of a non-empty list (deal)."""

import deal


@deal.pre(lambda xs: len(xs) > 0)
@deal.ensure(lambda xs, result: min(xs) <= result <= max(xs))
def average_pre(xs: list[int]) -> int:
    return sum(xs) // len(xs)
