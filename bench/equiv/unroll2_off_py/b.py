# expect: no -- unrolled by two but the odd remainder is lost
def g(n: int) -> int:
    s = 0
    i = 0
    while i + 1 < n:
        s += 6
        i += 2
    return s
