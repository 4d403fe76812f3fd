# expect: prove=yes terminates=yes
"""A loop with continue: only even i add to s, so s is even."""
from verifier import assume


def main(n: int) -> int:
    assume(0 <= n <= 500)
    s = 0
    i = 0
    while i < n:
        i += 1
        if i % 2 == 1:
            continue
        s += i
    assert s % 2 == 0
    return s
