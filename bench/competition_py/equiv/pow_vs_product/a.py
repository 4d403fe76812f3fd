def f(x: int) -> int:
    return pow(x, 3) - x
