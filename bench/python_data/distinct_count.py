"""Distinct values counted through a dict comprehension, wrongly expected to equal the length."""


def distinct_count(xs: list[int]) -> int:
    assert isinstance(xs, list)
    seen = {x: True for x in xs}
    assert len(seen) == len(xs)
    return len(seen)
