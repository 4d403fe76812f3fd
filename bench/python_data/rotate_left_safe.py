"""Rotation by k that handles the empty list first."""


def rotate_left_safe(xs: list[int], k: int) -> list[int]:
    """xs rotated left by k places.

    post: len(__return__) == len(xs)
    post: sorted(__return__) == sorted(xs)
    """
    if not xs:
        return []
    k = k % len(xs)
    return xs[k:] + xs[:k]
