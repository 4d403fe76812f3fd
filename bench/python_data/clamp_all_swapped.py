"""Clamp every element into [lo, hi], with min and max swapped."""

import icontract


@icontract.require(lambda lo, hi: lo <= hi)
@icontract.ensure(lambda result, lo, hi: all(lo <= y <= hi for y in result))
@icontract.ensure(lambda result, xs, lo, hi: all(result[i] == xs[i] for i in range(len(xs)) if lo <= xs[i] <= hi))
def clamp_all_swapped(xs: list[int], lo: int, hi: int) -> list[int]:
    return [max(min(x, lo), hi) for x in xs]
