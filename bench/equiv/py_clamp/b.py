# expect: yes -- clamp with min/max vs branches
from verifier import assume


def g(x: int, lo: int, hi: int) -> int:
    assume(lo <= hi)
    if x < lo:
        return lo
    if x > hi:
        return hi
    return x
