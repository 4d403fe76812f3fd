def f(x: int, lo: int, hi: int) -> int:
    return max(lo, min(hi, x))
