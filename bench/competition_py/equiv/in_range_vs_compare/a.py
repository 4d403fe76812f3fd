def f(x: int, lo: int, hi: int) -> int:
    return 1 if x in range(lo, hi) else 0
