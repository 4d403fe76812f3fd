# expect: prove=yes terminates=yes
"""A list comprehension over range(n) and its length; squares are non-negative."""
from verifier import assume


def main(n: int) -> int:
    assume(0 <= n <= 20)
    sq = [i * i for i in range(n)]
    assert len(sq) == n
    for v in sq:
        assert v >= 0
    return sum(sq)
