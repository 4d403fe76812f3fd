# expect: prove=no terminates=yes
"""Chained comparison in the check; the loop can leave x equal to the bound."""
from verifier import assume


def main(x: int, n: int) -> int:
    assume(0 <= x < n <= 1000)
    while x < n:
        x += 2
    assert n <= x < n + 1
    return x
