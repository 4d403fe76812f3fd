"""Swap the largest element to the end of a non-empty list."""

import icontract


@icontract.require(lambda xs: len(xs) > 0)
@icontract.snapshot(lambda xs: sorted(xs), name="sorted_xs")
@icontract.ensure(lambda OLD, xs: sorted(xs) == OLD.sorted_xs)
@icontract.ensure(lambda xs: xs[-1] == max(xs))
def move_max_last_guarded(xs: list[int]) -> None:
    i = xs.index(max(xs))
    xs[i], xs[-1] = xs[-1], xs[i]
