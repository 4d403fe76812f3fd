# expect: prove=yes terminates=yes/unknown
"""Loop invariant with a nondeterministic loop condition drawn by a helper of the file."""
import random


def nondet_bool() -> bool:
    return random.randint(0, 1) == 1


def main() -> int:
    x = 0
    y = 0
    i = 0
    while i < 50 and nondet_bool():
        x += 3
        y += 1
        i += 1
    assert x == 3 * y
    return 0
