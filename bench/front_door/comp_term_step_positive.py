# expect: prove=yes terminates=yes
"""A Python translation of comp_term_countdown_positive.c (the
assumption as an early return)."""


def countdown(x: int, step: int) -> int:
    if step < 1:
        return x
    while x > 0:
        x = x - step
    assert x <= 0
    return x
