# expect: prove=no terminates=yes
"""reach_error() written as raising AssertionError; the error is reachable for x == 7."""


def reach_error() -> None:
    raise AssertionError("reach_error")


def main(x: int) -> int:
    if x * 3 == 21:
        reach_error()
    return 0
