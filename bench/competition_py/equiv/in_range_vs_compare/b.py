# expect: yes -- membership in range(lo, hi) against a chained comparison
def g(x: int, lo: int, hi: int) -> int:
    return 1 if lo <= x < hi else 0
