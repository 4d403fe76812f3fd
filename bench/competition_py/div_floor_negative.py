# expect: prove=yes terminates=yes
"""Floor division and modulo with negatives: a == (a // b) * b + a % b and the sign of a % b."""
from verifier import assume


def main(a: int, b: int) -> int:
    assume(b != 0)
    q = a // b
    r = a % b
    assert q * b + r == a
    if b > 0:
        assert 0 <= r < b
    else:
        assert b < r <= 0
    return q
