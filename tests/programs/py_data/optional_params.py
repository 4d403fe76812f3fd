"""Parameters that are a string or list, or None, for the differential test (tests/test_python_data_nested.py)."""

from typing import Optional


def first_code(s: Optional[str], k: int) -> int:
    if k > 2:
        return len(s)
    if s:
        return ord(s[0])
    return -1


def last_or(xs: list[int] | None, default: int) -> int:
    if xs is not None and len(xs) > 0:
        return xs[-1]
    return default


def head_after_guard(xs: Optional[list[int]]) -> int:
    if xs is None or len(xs) < 2:
        return 0
    return xs[0] * 10 + xs[1]


def width(s: str | None, t: Optional[str]) -> int:
    if not s:
        return len(t)
    return len(s) + (0 if t is None else 2 * len(t))


def unguarded_item(xs: Optional[list[int]], i: int) -> int:
    if i < 0:
        return xs[i]
    return i


def append_then_first(xs: Optional[list[int]]) -> int:
    if xs is None:
        xs = []
    xs.append(7)
    return xs[0] + len(xs)
