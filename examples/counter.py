"""Count occurrences with a dict[int, int]; the second version forgets to start at zero.

expect: yes for tally (assert): its closing check (a postcondition on the
        dict it returns) holds: there are never more keys than items counted.
expect: no for tally_uninitialised (key): `counts[x] += 1` on a key not yet
        in the dict raises KeyError (e.g. tally_uninitialised([0])).
"""


def tally(xs: list[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for x in xs:
        counts[x] = counts.get(x, 0) + 1
    assert len(counts) <= len(xs)
    return counts


def tally_uninitialised(xs: list[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for x in xs:
        counts[x] += 1
    return counts
