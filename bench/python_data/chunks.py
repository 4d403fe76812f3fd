"""Split a list into chunks; the precondition lets the size be zero (deal)."""

import deal


@deal.pre(lambda xs, size: size >= 0)
@deal.ensure(lambda xs, size, result: sum(len(c) for c in result) == len(xs))
def chunks(xs: list[int], size: int) -> list[list[int]]:
    return [xs[i:i + size] for i in range(0, len(xs), size)]
