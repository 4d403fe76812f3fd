"""Evens before odds, stable: the first item of the result is wrongly taken to be even."""


def stable_parity_order(xs: list[int]) -> int:
    assert isinstance(xs, list)
    ys = sorted(xs, key=lambda v: v % 2, reverse=True)
    if ys:
        assert ys[0] % 2 == 0
    return len(ys)
