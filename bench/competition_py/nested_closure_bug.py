# expect: prove=no terminates=yes
"""A nested function reads the enclosing step; main forgets that the step may be negative."""


def main(x: int, step: int) -> int:
    def advance(v: int) -> int:
        return v + step

    y = advance(advance(x))
    assert y >= x
    return y
