# expect: prove=no terminates=yes
"""abs(x - y) <= abs(x) + abs(y) holds, but the claim abs(x - y) <= max(abs(x), abs(y)) does not."""


def main(x: int, y: int) -> int:
    d = abs(x - y)
    assert d <= abs(x) + abs(y)
    assert d <= max(abs(x), abs(y))
    return d
