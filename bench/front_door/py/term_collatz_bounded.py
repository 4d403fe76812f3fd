# expect: terminates=yes
"""Termination task: a bounded counter beside a Collatz-like update."""


def main(x: int) -> int:
    k = 0
    while x > 1 and k < 1000:
        if x % 2 == 0:
            x = x // 2
        else:
            x = 3 * x + 1
        k += 1
    return k
