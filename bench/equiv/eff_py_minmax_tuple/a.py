def f(a: int, b: int) -> tuple[int, int]:
    if a < b:
        return (a, b)
    return (b, a)
