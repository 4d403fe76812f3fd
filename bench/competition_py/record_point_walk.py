# expect: prove=yes terminates=yes
"""A C struct point translated as a dataclass: a walk that moves it step by step, a helper reading its fields."""
from dataclasses import dataclass


@dataclass
class Point:
    x: int
    y: int


def manhattan(p: Point) -> int:
    return abs(p.x) + abs(p.y)


def walk(n: int) -> int:
    if n < 0:
        return 0
    p = Point(0, 0)
    i = 0
    while i < n:
        p.x += 1
        p.y -= 2
        i += 1
    assert p.y == -2 * p.x
    d = manhattan(p)
    assert d == 3 * n
    return d
