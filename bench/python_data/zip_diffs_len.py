"""Differences of neighbours with zip, promising len(xs) - 1 items even for the empty list (deal)."""

import deal


@deal.ensure(lambda xs, result: len(result) == len(xs) - 1)
def zip_diffs_len(xs: list[int]) -> list[int]:
    return [b - a for a, b in zip(xs, xs[1:])]
