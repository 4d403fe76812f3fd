def f(x: int, n: int) -> int:
    return 1 if x in range(0, n, 2) else 0
