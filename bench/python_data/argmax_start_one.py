"""Index of the largest element, counting from 1 by mistake (icontract)."""

import icontract


@icontract.require(lambda xs: len(xs) > 0)
@icontract.ensure(lambda result, xs: 0 <= result < len(xs))
def argmax_start_one(xs: list[int]) -> int:
    best = 0
    for i, x in enumerate(xs, start=1):
        if x > xs[best]:
            best = i
    return best
