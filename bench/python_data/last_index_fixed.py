"""Last position of a value, scanning down from the last element."""


def last_index_fixed(xs: list[int], target: int) -> int:
    assert isinstance(xs, list) and isinstance(target, int)
    i = len(xs) - 1
    while i >= 0 and xs[i] != target:
        i -= 1
    assert i == -1 or xs[i] == target
    return i
