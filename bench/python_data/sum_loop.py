"""Sum by an index loop, checked against the builtin."""

import icontract


@icontract.ensure(lambda result, xs: result == sum(xs))
def sum_loop(xs: list[int]) -> int:
    total = 0
    for i in range(len(xs)):
        total += xs[i]
    return total
