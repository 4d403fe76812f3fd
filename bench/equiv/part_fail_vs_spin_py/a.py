def f(x: int) -> int:
    while x > 10:
        x = x + 0
    return x
