# expect: terminates=no
"""Non-termination through floor division: x //= 2 stays at -1 for a negative x."""


def main(x: int) -> int:
    while x != 0:
        x //= 2
    return x
