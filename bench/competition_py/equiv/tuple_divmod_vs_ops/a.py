def f(x: int, y: int) -> tuple[int, int]:
    if y <= 0:
        return (0, 0)
    return (x // y, x % y)
