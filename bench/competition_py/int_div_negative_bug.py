# expect: prove=no terminates=yes
"""int(a / b) truncates towards zero while a // b floors: they differ on a negative odd quotient."""
from verifier import assume


def main(a: int, b: int) -> int:
    assume(-100 <= a <= 100)
    assume(1 <= b <= 10)
    assert int(a / b) == a // b
    return 0
