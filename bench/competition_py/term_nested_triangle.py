# expect: terminates=yes
"""Termination: nested while loops, the inner bound is the outer counter."""


def main(n: int) -> int:
    i = 0
    c = 0
    while i < n:
        j = 0
        while j < i:
            j += 1
            c += 1
        i += 1
    return c
