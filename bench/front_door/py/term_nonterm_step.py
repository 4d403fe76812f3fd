# expect: terminates=no
"""Termination task: y may be 0 or negative, so the loop may not end."""


def main(x: int, y: int) -> int:
    while x >= 0:
        x = x - y
    return x
