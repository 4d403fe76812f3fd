def f(x: int) -> int:
    while x < 0:
        x = x + 0
    return x + 1
