"""A refactoring that agrees whenever both versions end (`verify equiv --partial`).

`steps_left` counts down while n > 0; `steps_left_ne` loops while n != 0, so
on a negative n it runs forever where the original returns 0. Total
equivalence cannot be yes; equivalence modulo termination is, with a
coupling invariant:
    verify equiv --partial examples/countdown_partial.py:steps_left examples/countdown_partial.py:steps_left_ne
"""


def steps_left(n: int) -> int:
    count = 0
    while n > 0:
        n = n - 1
        count += 1
    return count


def steps_left_ne(n: int) -> int:
    count = 0
    while n != 0:
        n = n - 1
        count = count + 1
    return count
