"""Last position of each value, by a dict comprehension; -1 when the target is absent."""


def position_of_checked(xs: list[int], target: int) -> int:
    assert isinstance(xs, list)
    positions = {v: i for i, v in enumerate(xs)}
    if target not in positions:
        return -1
    return positions[target]
