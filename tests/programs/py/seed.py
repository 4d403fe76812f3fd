"""The seed article's style: type guards, assertions with messages, a main block."""

from __future__ import annotations

from verifier import assume


def g(x, y):
    """Return the distance between x and y."""
    assert isinstance(x, int) and isinstance(y, int)
    if x > y:
        x, y = y, x
    d = y - x
    assert d >= 0, "difference is non-negative"
    return d


def is_even(n: int) -> bool:
    return n % 2 == 0


def parity(a, b):
    assert isinstance(a, int) and isinstance(b, bool)
    total = a + b
    if is_even(total) and not b:
        assert is_even(a), f"a={a}"
    assert is_even(a * 2)
    return total


def check(x: int):
    """Fails for x == 7 only."""
    assume(x != 8)
    assert x != 7, f"x={x} b={x!r}"


def clamp(x: int, lo: int, hi: int) -> int:
    assume(lo <= hi)
    r = max(lo, min(x, hi))
    assert lo <= r <= hi
    return r


if __name__ == "__main__":
    print(g(3, 1), parity(3, True), clamp(5, 0, 3))
