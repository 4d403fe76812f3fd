# expect: no -- the increment was lost: for n >= 1 g never returns (its state repeats)
def g(n: int) -> int:
    s = 0
    i = 0
    while i < n:
        s += i
    return s
