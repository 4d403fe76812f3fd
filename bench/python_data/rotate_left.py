"""Rotation by k that divides by the length of a possibly empty list."""


def rotate_left(xs: list[int], k: int) -> list[int]:
    """xs rotated left by k places.

    post: len(__return__) == len(xs)
    """
    k = k % len(xs)
    return xs[k:] + xs[:k]
