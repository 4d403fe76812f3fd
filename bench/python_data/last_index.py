"""Last position of a value, scanning down from one past the end."""


def last_index(xs: list[int], target: int) -> int:
    assert isinstance(xs, list) and isinstance(target, int)
    i = len(xs)
    while i >= 0:
        if xs[i] == target:
            return i
        i -= 1
    return -1
