"""Maximum by a loop, with icontract pre- and postconditions."""

import icontract


@icontract.require(lambda xs: len(xs) > 0)
@icontract.ensure(lambda result, xs: result in xs)
@icontract.ensure(lambda result, xs: all(x <= result for x in xs))
def max_of(xs: list[int]) -> int:
    best = xs[0]
    for x in xs[1:]:
        if x > best:
            best = x
    return best
