def f(n: int, x: int) -> int:
    s = 0
    for i in range(n):
        s += x
    c = 0
    for j in range(n):
        c += 1
    return s + c
