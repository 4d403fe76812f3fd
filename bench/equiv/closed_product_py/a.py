def f(n: int, m: int) -> int:
    p = 0
    i = 0
    while i < n:
        p += m
        i += 1
    return p
