# expect: terminates=yes
"""Termination of a loop that pops from a list until it is empty."""


def main(a: list[int]) -> int:
    s = 0
    while len(a) > 0:
        s += a.pop()
    return s
