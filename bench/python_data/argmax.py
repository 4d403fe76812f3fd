"""Index of the largest element, by enumerate (icontract)."""

import icontract


@icontract.require(lambda xs: len(xs) > 0)
@icontract.ensure(lambda result, xs: 0 <= result < len(xs))
def argmax(xs: list[int]) -> int:
    best = 0
    for i, x in enumerate(xs):
        if x > xs[best]:
            best = i
    return best
