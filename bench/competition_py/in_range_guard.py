# expect: prove=yes terminates=yes
"""Guards written with `in range(...)` and pow(): x in range(1, 100) bounds the square."""


def main(x: int, y: int) -> int:
    if x not in range(1, 100):
        return 0
    sq = pow(x, 2)
    assert 1 <= sq < 10000
    if y in range(0, 10, 2):
        assert y % 2 == 0 and y <= 8
    return sq
