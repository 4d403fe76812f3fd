# expect: yes -- a faithful port of clamp (no arithmetic that could overflow)
def g(x: int, lo: int, hi: int) -> int:
    if lo > hi:
        lo, hi = hi, lo
    return min(max(x, lo), hi)
