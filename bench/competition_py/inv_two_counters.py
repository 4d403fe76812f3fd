# expect: prove=yes terminates=yes
"""Loop invariant: y stays twice x while x counts up to a nondeterministic bound."""
from verifier import assume


def main(n: int) -> int:
    assume(0 <= n <= 100000)
    x = 0
    y = 0
    while x < n:
        x += 1
        y += 2
    assert y == 2 * n
    return y
