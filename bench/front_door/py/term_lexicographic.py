# expect: terminates=yes
"""Termination task: a lexicographic pair (x, y)."""


def main(x: int, y: int) -> int:
    while x > 0 and y > 0:
        if y > 1:
            y = y - 1
        else:
            x = x - 1
            y = 100
    return 0
