# expect: prove=no terminates=yes
"""A counter drawn with random.randrange; the assertion forgets the top of the range."""
import random


def main() -> int:
    n = random.randrange(0, 64)
    c = 0
    while c < n:
        c += 1
    assert c < 63
    return c
