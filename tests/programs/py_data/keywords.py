"""Builtins with keyword arguments and tuple results, for the differential test (tests/test_python_data_nested.py)."""


def max_or(xs: list[int], d: int) -> int:
    return max(xs, default=d)


def min_doubled(xs: list[int]) -> int:
    return min((x * 2 for x in xs), default=-1)


def min_checked_default(xs: list[int], i: int) -> int:
    return min(xs, default=xs[i])


def sum_from(xs: list[int], s: int) -> int:
    return sum(xs, start=s) + sum((x for x in xs if x > 0), start=1)


def enumerate_from(xs: list[int], s: int) -> int:
    t = 0
    for i, x in enumerate(xs, start=s):
        t += i * x
    return t


def steps(n: int, k: int) -> int:
    t = 0
    for i in range(n, -n, k):
        t = t * 3 + i
        k = k * 2
    return t


def joined(ws: list[str], i: int) -> int:
    s = ",".join(ws)
    return len(s) * 10 + ord(s[i])


def joined_split(s: str) -> int:
    return len("--".join(s.split("a")))
