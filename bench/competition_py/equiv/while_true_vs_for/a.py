def f(n: int) -> int:
    c = 0
    i = 0
    while True:
        if i >= n:
            break
        c += 2
        i += 1
    return c
