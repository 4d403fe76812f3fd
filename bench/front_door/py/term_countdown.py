# expect: terminates=yes
"""Termination task: a countdown by a positive step."""


def main(x: int, y: int) -> int:
    if y <= 0:
        return 0
    while x >= 0:
        x = x - y
    return x
