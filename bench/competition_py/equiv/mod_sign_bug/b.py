# expect: no -- C's remainder (sign of the dividend) against Python's %
def g(x: int) -> int:
    r = abs(x) % 3
    return -r if x < 0 else r
