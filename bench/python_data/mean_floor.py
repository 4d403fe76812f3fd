"""Integer mean that forgets the empty list."""


def mean_floor(xs: list[int]) -> int:
    """The mean of xs, rounded down.

    post: min(xs) <= __return__ <= max(xs)
    """
    return sum(xs) // len(xs)
