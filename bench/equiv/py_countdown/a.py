def f(n: int, k: int) -> int:
    s = 0
    for i in range(n):
        s += k
    return s
