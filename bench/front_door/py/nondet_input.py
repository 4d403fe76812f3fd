# expect: prove=no/unknown terminates=yes/unknown
"""A translation that reads the nondeterministic value from standard input."""


def main() -> int:
    x = int(input())
    if x > 100 and x < 110:
        assert x != 105
    return 0
