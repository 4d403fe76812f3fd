"""The total of one group of a dict of lists, a missing group counting as empty."""


def group_total_checked(groups: dict[str, list[int]], name: str) -> int:
    assert isinstance(groups, dict)
    total = 0
    for x in groups.get(name, []):
        total += x
    return total
