# expect: prove=yes terminates=yes
"""An assume helper defined in the file (returns early via sys.exit) inside a loop body."""
import sys


def assume(cond: bool) -> None:
    if not cond:
        sys.exit(0)


def main(n: int, a: list[int]) -> int:
    assume(n == len(a))
    s = 0
    for i in range(n):
        assume(0 <= a[i] <= 100)
        s += a[i]
    assert 0 <= s <= 100 * n
    return s
