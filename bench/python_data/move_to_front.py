"""Move item i to the front with pop and insert; i is checked against the length."""


def move_to_front(xs: list[int], i: int) -> int:
    assert isinstance(xs, list) and isinstance(i, int)
    if not 0 <= i < len(xs):
        return -1
    n = len(xs)
    x = xs.pop(i)
    xs.insert(0, x)
    assert len(xs) == n and xs[0] == x
    return x
