"""In-place reversal with two pointers."""


def reverse_in_place_fixed(xs: list[int]) -> None:
    assert isinstance(xs, list)
    i, j = 0, len(xs) - 1
    while i < j:
        xs[i], xs[j] = xs[j], xs[i]
        i += 1
        j -= 1
