# expect: terminates=no
"""x >>= 1 until zero: a negative x reaches -1 and stays there (Python's floor shift)."""


def main(x: int) -> int:
    n = 0
    while x != 0:
        x >>= 1
        n += 1
    return n
