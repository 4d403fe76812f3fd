"""Swap the largest element to the end, forgetting the empty list."""

import icontract


@icontract.snapshot(lambda xs: sorted(xs), name="sorted_xs")
@icontract.ensure(lambda OLD, xs: sorted(xs) == OLD.sorted_xs)
def move_max_last(xs: list[int]) -> None:
    i = xs.index(max(xs))
    xs[i], xs[-1] = xs[-1], xs[i]
