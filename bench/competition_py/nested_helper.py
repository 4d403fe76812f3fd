# expect: prove=yes terminates=yes
"""A nested function reading main's local (a closure), called in a loop."""
from verifier import assume


def main(n: int, step: int) -> int:
    assume(0 <= n <= 100)
    assume(1 <= step <= 10)

    def advance(v: int) -> int:
        return v + step

    x = 0
    for _ in range(n):
        x = advance(x)
    assert x == n * step
    return x
