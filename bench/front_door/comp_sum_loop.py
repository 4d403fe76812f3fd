# expect: prove=yes/unknown terminates=yes
"""A Python translation of comp_sum_loop_invariant.c: s == 3 * i is the loop invariant."""
from verifier import assume


def triple_sum(n: int) -> int:
    assume(0 <= n <= 10000)
    i = 0
    s = 0
    while i < n:
        s = s + 3
        i = i + 1
    assert s == 3 * n
    return s
