"""The width of an f-string label: a prefix and the decimal digits of a number."""


def label_width(n: int) -> int:
    assert isinstance(n, int)
    label = f"item {n}"
    assert len(label) >= 6
    return len(label)
