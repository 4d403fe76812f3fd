"""Count occurrences in a dict, initialising each key on first sight (deal)."""

import deal


@deal.ensure(lambda xs, result: sum(result.values()) == len(xs))
@deal.ensure(lambda xs, result: all(result[x] > 0 for x in xs))
def tally(xs: list[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for x in xs:
        if x in counts:
            counts[x] += 1
        else:
            counts[x] = 1
    return counts
