# expect: prove=yes terminates=yes
"""sorted() of a small list: first is the min, last the max."""
from verifier import assume


def main(a: list[int]) -> int:
    assume(1 <= len(a) <= 5)
    b = sorted(a)
    assert b[0] == min(a)
    assert b[-1] == max(a)
    return b[0]
