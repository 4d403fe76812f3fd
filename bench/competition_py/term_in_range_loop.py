# expect: terminates=yes
"""Termination: a loop guarded by `in range(...)` that steps towards the range's end."""


def main(x: int, n: int) -> int:
    steps = 0
    while x in range(0, n):
        x += 1
        steps += 1
    return steps
