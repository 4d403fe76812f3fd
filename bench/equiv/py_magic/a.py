def f(x: int, y: int) -> int:
    return x * 2 + y
