def f(b: int, e: int) -> int:
    if e > 200:
        return 0
    if e <= 0:
        return 1
    return b * f(b, e - 1)
