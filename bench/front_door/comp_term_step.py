# expect: terminates=no/unknown
"""A Python translation of comp_term_countdown_step.c: a step of 0 never ends the loop."""


def countdown(x: int, step: int) -> int:
    while x > 0:
        x = x - step
    return x
