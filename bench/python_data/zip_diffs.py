"""Differences of neighbours with zip; the result is one shorter, or empty (deal)."""

import deal


@deal.ensure(lambda xs, result: len(result) == max(len(xs) - 1, 0))
def zip_diffs(xs: list[int]) -> list[int]:
    return [b - a for a, b in zip(xs, xs[1:])]
