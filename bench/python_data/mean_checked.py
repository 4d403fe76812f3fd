"""Integer mean that refuses the empty list, as its docstring says."""


def mean_checked(xs: list[int]) -> int:
    """The mean of xs, rounded down.

    :raises ValueError: if xs is empty.

    post: min(xs) <= __return__ <= max(xs)
    """
    if not xs:
        raise ValueError("mean of an empty list")
    total = 0
    for x in xs:
        total += x
    return total // len(xs)
