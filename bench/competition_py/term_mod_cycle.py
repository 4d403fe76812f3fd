# expect: terminates=yes
"""Termination: i counts up to n in steps of 1 while j cycles with %."""


def main(n: int) -> int:
    i = 0
    j = 0
    while i < n:
        j = (j + 1) % 7
        i += 1
    return j
