"""Two-pointer search for a pair with a given sum in a sorted list."""

from typing import Optional

import icontract


@icontract.require(lambda xs: all(xs[i] <= xs[i + 1] for i in range(len(xs) - 1)))
@icontract.ensure(lambda result, xs, target: result is None
                  or (result[0] < result[1] and xs[result[0]] + xs[result[1]] == target))
def pair_with_sum(xs: list[int], target: int) -> Optional[tuple[int, int]]:
    i, j = 0, len(xs) - 1
    while i < j:
        total = xs[i] + xs[j]
        if total == target:
            return (i, j)
        if total < target:
            i += 1
        else:
            j -= 1
    return None
