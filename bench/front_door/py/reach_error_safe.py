# expect: prove=yes terminates=yes
"""SV-COMP style helpers, a safe loop: y steps by 3 from 0, x a multiple of 3."""


def reach_error() -> None:
    assert False


def __VERIFIER_assert(cond: bool) -> None:
    if not cond:
        reach_error()


def __VERIFIER_assume(cond: bool) -> None:
    if not cond:
        raise SystemExit(0)


def main(x: int) -> int:
    __VERIFIER_assume(0 <= x <= 60)
    __VERIFIER_assume(x % 3 == 0)
    y = 0
    while y < x:
        y += 3
    __VERIFIER_assert(y == x)
    return 0
