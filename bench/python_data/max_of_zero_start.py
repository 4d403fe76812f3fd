"""Maximum by a loop that starts from 0, wrong for all-negative lists."""

import icontract


@icontract.require(lambda xs: len(xs) > 0)
@icontract.ensure(lambda result, xs: result in xs)
@icontract.ensure(lambda result, xs: all(x <= result for x in xs))
def max_of_zero_start(xs: list[int]) -> int:
    best = 0
    for x in xs:
        if x > best:
            best = x
    return best
