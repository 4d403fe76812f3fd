# expect: prove=no terminates=yes
"""SV-COMP style: reach_error() and __VERIFIER_assert as helpers of the file."""


def reach_error() -> None:
    assert False


def __VERIFIER_assert(cond: bool) -> None:
    if not cond:
        reach_error()


def main(x: int) -> int:
    if x < 0 or x > 50:
        return 0
    y = 0
    while y < x:
        y += 3
    __VERIFIER_assert(y == x)
    return 0
