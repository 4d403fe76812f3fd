# expect: terminates=yes
"""Termination task with a #define'd step: counts up to a constant bound."""
STEP = 3
BOUND = 1000


def main(i: int) -> int:
    while i < BOUND:
        i = i + STEP
    return i
