# expect: prove=yes terminates=yes
"""__VERIFIER_nondet_bool() translated as random.choice([True, False]) in a bounded walk."""
import random


def main() -> int:
    x = 0
    y = 0
    i = 0
    while i < 100 and random.choice([True, False]):
        if random.choice([True, False]):
            x += 1
        else:
            y += 1
        i += 1
    assert x + y == i
    return 0
