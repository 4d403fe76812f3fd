def f(x: int) -> int:
    while x > 100:
        x = x - 1
    return x * 2
