# expect: prove=yes terminates=yes
"""abort() translated as the builtin exit(): the error after it is unreachable."""


def main(x: int) -> int:
    if x < 0:
        exit(1)
    y = x
    while y > 0:
        y -= 1
    if x < 0:
        assert False
    assert y == 0
    return 0
