# expect: prove=no terminates=yes
"""from sys import exit: the guard exits for negative x only, so x == 0 reaches the error."""
from sys import exit


def reach_error() -> None:
    assert False


def main(x: int) -> int:
    if x < 0:
        exit(0)
    if 10 // (x + 1) == 10:
        reach_error()
    return 0
