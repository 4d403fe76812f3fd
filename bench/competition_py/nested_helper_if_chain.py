# expect: prove=yes terminates=yes
"""A nested sign helper written as if/elif/else returns, used in a loop over a list."""


def main(a: list[int]) -> int:
    def sign(v: int) -> int:
        if v > 0:
            return 1
        elif v < 0:
            return -1
        else:
            return 0

    total = 0
    for x in a:
        total += sign(x) * x
    assert total >= 0
    return total
