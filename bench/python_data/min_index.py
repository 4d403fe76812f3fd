"""Index of the smallest element."""

import icontract


@icontract.require(lambda xs: len(xs) > 0)
@icontract.ensure(lambda result, xs: 0 <= result < len(xs))
@icontract.ensure(lambda result, xs: all(xs[result] <= x for x in xs))
def min_index(xs: list[int]) -> int:
    best = 0
    for i in range(1, len(xs)):
        if xs[i] < xs[best]:
            best = i
    return best
