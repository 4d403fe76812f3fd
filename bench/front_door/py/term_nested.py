# expect: terminates=yes
"""Termination task: nested loops, the inner one counts j up to i."""


def main(n: int) -> int:
    i = 0
    count = 0
    while i < n:
        j = 0
        while j < i:
            j += 1
            count += 1
        i += 1
    return count
