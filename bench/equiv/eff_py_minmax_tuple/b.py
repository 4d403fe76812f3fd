# expect: yes -- the ordered pair, from min and max
def g(a: int, b: int) -> tuple[int, int]:
    lo = min(a, b)
    hi = max(a, b)
    return lo, hi
