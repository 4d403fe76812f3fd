"""Last position of each value, by a dict comprehension: a missing target raises KeyError."""


def position_of(xs: list[int], target: int) -> int:
    assert isinstance(xs, list)
    positions = {v: i for i, v in enumerate(xs)}
    return positions[target]
