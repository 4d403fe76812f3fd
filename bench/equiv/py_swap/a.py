def f(x: int, y: int) -> int:
    t = x
    x = y
    y = t
    return 10 * x + y
