"""Index of the smallest element, with a loop that runs one step too far."""

import icontract


@icontract.require(lambda xs: len(xs) > 0)
@icontract.ensure(lambda result, xs: 0 <= result < len(xs))
def min_index_past_end(xs: list[int]) -> int:
    best = 0
    for i in range(1, len(xs) + 1):
        if xs[i] < xs[best]:
            best = i
    return best
