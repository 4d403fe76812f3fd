# expect: terminates=no
"""A recursive countdown by two that an odd argument steps past zero: the call chain never ends."""


def countdown(n: int) -> int:
    if n == 0:
        return 0
    return countdown(n - 2) + 1


def main(n: int) -> int:
    if n < 0:
        return 0
    return countdown(n)
