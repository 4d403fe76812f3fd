# expect: terminates=no
"""Termination task: the break is unreachable for an odd start."""


def main(x: int) -> int:
    while True:
        if x == 0:
            break
        x = x - 2
    return 0
