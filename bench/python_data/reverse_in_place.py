"""In-place reversal whose right pointer starts one past the end."""


def reverse_in_place(xs: list[int]) -> None:
    assert isinstance(xs, list)
    i, j = 0, len(xs)
    while i < j:
        xs[i], xs[j] = xs[j], xs[i]
        i += 1
        j -= 1
