"""The total of one group of a dict of lists: a missing group raises KeyError."""


def group_total(groups: dict[str, list[int]], name: str) -> int:
    assert isinstance(groups, dict)
    total = 0
    for x in groups[name]:
        total += x
    return total
