from verifier import assume


def f(x: int, lo: int, hi: int) -> int:
    assume(lo <= hi)
    return min(max(x, lo), hi)
