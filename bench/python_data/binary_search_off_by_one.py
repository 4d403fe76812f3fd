"""Binary search whose upper bound starts one past the end of the list."""


def binary_search_off_by_one(xs: list[int], target: int) -> int:
    """Index of target in xs, or -1.

    pre: all(xs[i] <= xs[i + 1] for i in range(len(xs) - 1))
    post: __return__ == -1 or xs[__return__] == target
    """
    lo, hi = 0, len(xs)
    while lo <= hi:
        mid = (lo + hi) // 2
        if xs[mid] == target:
            return mid
        if xs[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1
