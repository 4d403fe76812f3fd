def f(x: int) -> int:
    return abs(x)
