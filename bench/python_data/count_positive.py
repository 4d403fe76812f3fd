"""Count the positive elements; plain asserts (a leading isinstance guard, a checked result)."""


def count_positive(xs: list[int]) -> int:
    assert isinstance(xs, list)
    n = 0
    for x in xs:
        if x > 0:
            n += 1
    assert 0 <= n <= len(xs)
    return n
