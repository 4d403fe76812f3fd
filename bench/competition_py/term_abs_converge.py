# expect: terminates=yes
"""Termination: x moves towards 0 from either side (abs as the ranking function)."""


def main(x: int) -> int:
    while x != 0:
        if x > 0:
            x -= 1
        else:
            x += 1
    return x
