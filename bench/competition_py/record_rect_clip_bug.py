# expect: prove=no terminates=yes
"""A C struct rectangle passed by pointer, translated as a plain class: clipping forgets a width above the limit."""


class Rect:
    def __init__(self, left: int, width: int):
        self.left = left
        self.width = width


def right(r: Rect) -> int:
    return r.left + r.width


def clip(r: Rect, limit: int) -> int:
    if r.width < 0 or r.left < 0 or limit < 0:
        return 0
    c = Rect(r.left, r.width)
    if c.left > limit:
        c.left = limit
        c.width = 0
    end = right(c)
    assert end <= limit + r.width
    assert end <= limit
    return end
