# expect: no -- the two clamps differ when lo > hi
def g(x: int, lo: int, hi: int) -> int:
    return min(hi, max(lo, x))
