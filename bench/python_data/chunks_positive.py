"""Split a list into chunks of a positive size (deal)."""

import deal


@deal.pre(lambda xs, size: size > 0)
@deal.ensure(lambda xs, size, result: sum(len(c) for c in result) == len(xs))
@deal.ensure(lambda xs, size, result: all(0 < len(c) <= size for c in result))
def chunks_positive(xs: list[int], size: int) -> list[list[int]]:
    return [xs[i:i + size] for i in range(0, len(xs), size)]
