def f(n: int, x: int) -> int:
    s = 0
    for i in range(n):
        s += x
    return s
