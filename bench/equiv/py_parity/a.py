def f(x: int) -> bool:
    return x % 2 == 1
