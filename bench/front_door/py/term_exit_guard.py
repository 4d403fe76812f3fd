# expect: terminates=no
"""Termination task: the exit guards only negative steps, so a step of 0 loops forever."""
import sys


def main(x: int, step: int) -> int:
    if step < 0:
        sys.exit(0)
    while x > 0:
        x = x - step
    return x
