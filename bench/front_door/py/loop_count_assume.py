# expect: prove=yes terminates=yes
"""Translated loop task: counts up to a nondeterministic bound (the bound a parameter)."""
from verifier import assume


def main(n: int) -> int:
    assume(0 <= n <= 1000)
    i = 0
    while i < n:
        i += 1
    assert i == n
    return 0
