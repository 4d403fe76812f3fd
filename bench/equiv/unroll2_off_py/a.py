def f(n: int) -> int:
    s = 0
    for i in range(n):
        s += 3
    return s
