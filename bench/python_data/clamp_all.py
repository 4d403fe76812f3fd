"""Clamp every element into [lo, hi] with a list comprehension."""

import icontract


@icontract.require(lambda lo, hi: lo <= hi)
@icontract.ensure(lambda result, xs: len(result) == len(xs))
@icontract.ensure(lambda result, lo, hi: all(lo <= y <= hi for y in result))
@icontract.ensure(lambda result, xs, lo, hi: all(result[i] == xs[i] for i in range(len(xs)) if lo <= xs[i] <= hi))
def clamp_all(xs: list[int], lo: int, hi: int) -> list[int]:
    return [min(max(x, lo), hi) for x in xs]
