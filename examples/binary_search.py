"""Binary search over a sorted list, with the classic off-by-one.

expect: no for search (bounds): `hi = len(xs)` lets `mid` reach len(xs), so
        `xs[mid]` raises IndexError (e.g. on an empty list).
expect: yes for search_fixed (bounds): with `hi = len(xs) - 1` every index
        read is inside the list.
"""


def search(xs: list[int], target: int) -> int:
    lo = 0
    hi = len(xs)
    while lo <= hi:
        mid = (lo + hi) // 2
        if xs[mid] == target:
            return mid
        if xs[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1


def search_fixed(xs: list[int], target: int) -> int:
    lo = 0
    hi = len(xs) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if xs[mid] == target:
            return mid
        if xs[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1
