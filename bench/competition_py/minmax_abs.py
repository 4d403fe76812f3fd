# expect: prove=yes terminates=yes
"""min / max / abs of three values as a translated task writes them."""


def main(x: int, y: int, z: int) -> int:
    hi = max(x, y, z)
    lo = min(x, y, z)
    assert lo <= y <= hi
    assert abs(hi - lo) == hi - lo
    assert abs(x) >= x and abs(x) >= -x
    return hi - lo
