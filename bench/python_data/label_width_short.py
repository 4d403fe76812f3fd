"""The width of an f-string label, wrongly assumed to fit in eight characters."""


def label_width_short(n: int) -> int:
    assert isinstance(n, int)
    label = f"item {n}"
    assert len(label) <= 8
    return len(label)
