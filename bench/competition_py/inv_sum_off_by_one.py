# expect: prove=no terminates=yes
"""Loop invariant task with a bug: the loop stops one short of n."""
from verifier import assume


def main(n: int) -> int:
    assume(1 <= n <= 1000)
    s = 0
    for i in range(1, n):
        s += i
    assert 2 * s == n * (n + 1)
    return s
