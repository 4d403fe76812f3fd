"""Percentage of hits, dividing by a total that may be zero."""


def ratio_percent(hits: list[bool]) -> int:
    assert isinstance(hits, list)
    good = 0
    for h in hits:
        if h:
            good += 1
    return 100 * good // len(hits)
