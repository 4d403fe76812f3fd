def f(a: int, b: int) -> int:
    if a < 0 or b <= 0 or a > 10**9:
        return 0
    return int(a / b)
