# expect: prove=no/unknown terminates=yes/unknown
"""A translation that draws the nondeterministic value with random.randint in main()."""
import random


def __VERIFIER_nondet_int() -> int:
    return random.randint(-2147483648, 2147483647)


def main() -> int:
    x = __VERIFIER_nondet_int()
    if x > 100 and x < 110:
        assert x != 105
    return 0


if __name__ == "__main__":
    main()
