"""The position of the last negative number, scanning backwards: the scan starts one past the end."""


def last_negative(xs: list[int]) -> int:
    assert isinstance(xs, list)
    for i in reversed(range(len(xs) + 1)):
        if xs[i] < 0:
            return i
    return -1
