"""Records (translated C structs) as dataclasses and plain classes: built, read, changed, passed to readers."""
from dataclasses import dataclass


@dataclass
class Point:
    x: int
    y: int


@dataclass
class Cell:
    full: bool
    count: int


@dataclass
class Acc:
    lo: int
    total: int = 0
    neg: int = -3
    seen: bool = False


class Span:
    def __init__(self, lo, hi: int):
        self.first = lo
        self.last = hi


def width(s: Span) -> int:
    return s.last - s.first


def dot(p: Point, q: Point) -> int:
    return p.x * q.x + p.y * q.y


def moved(p: Point, dx: int, dy: int) -> int:
    q = Point(y=p.y + dy, x=p.x + dx)
    q.x, q.y = q.y, q.x
    assert q.x != 3
    return dot(p, q) // (q.y - 2)


def fill(c: Cell, n: int) -> int:
    d = Cell(c.full, c.count)
    for _ in range(n % 5):
        d.count += 1
        d.full = d.count > 3
    if d.full:
        return d.count // (d.count - 4)
    return d.count


def spans(a: int, b: int) -> int:
    s = Span(a, b)
    while width(s) > 2:
        s.first += 1
        s.last -= 1
    t = Span(s.last, s.first)
    t = Span(width(t), t.first)
    assert width(s) != 1
    return s.first * 10 + t.last


def defaults(n: int, k: int) -> int:
    a = Acc(n)
    b = Acc(total=k, lo=1)
    for i in range(n % 6):
        a.total += i
        a.seen = a.total > k
    if a.seen:
        assert a.total != k + 2
    assert b.neg == -3 and not b.seen
    return a.total // (b.total - 1) + a.neg
