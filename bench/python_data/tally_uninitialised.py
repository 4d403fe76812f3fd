"""Count occurrences in a dict without initialising the keys (deal)."""

import deal


@deal.ensure(lambda xs, result: sum(result.values()) == len(xs))
def tally_uninitialised(xs: list[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for x in xs:
        counts[x] += 1
    return counts
