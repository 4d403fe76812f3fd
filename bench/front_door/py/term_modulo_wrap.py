# expect: terminates=yes/unknown
"""Termination task: an unsigned char counter emulated with % 256 until it reaches 0."""


def main(c: int) -> int:
    if c < 0 or c > 255:
        return 0
    steps = 0
    while c != 0:
        c = (c + 1) % 256
        steps += 1
    return steps
