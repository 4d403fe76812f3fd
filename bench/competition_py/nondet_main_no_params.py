# expect: prove=no terminates=yes
"""main() with no parameters reading values from __VERIFIER_nondet_int; the overflow check is hand-written."""
import random

INT_MAX = 2**31 - 1
INT_MIN = -(2**31)


def __VERIFIER_nondet_int() -> int:
    return random.randint(INT_MIN, INT_MAX)


def __VERIFIER_assume(cond: bool) -> None:
    if not cond:
        exit(0)


def main() -> int:
    x = __VERIFIER_nondet_int()
    y = __VERIFIER_nondet_int()
    __VERIFIER_assume(x >= 0 and y >= 0)
    s = x + y
    assert s <= INT_MAX
    return 0
