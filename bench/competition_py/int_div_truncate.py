# expect: prove=yes terminates=yes
"""C's a / b on non-negative ints translated as int(a / b): the quotient brackets a."""
from verifier import assume


def main(a: int, b: int) -> int:
    assume(0 <= a <= 1000)
    assume(1 <= b <= 100)
    q = int(a / b)
    assert q * b <= a < (q + 1) * b
    return q
