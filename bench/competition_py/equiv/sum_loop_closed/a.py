def f(n: int) -> int:
    if n < 0:
        return 0
    s = 0
    for i in range(n + 1):
        s += i
    return s
