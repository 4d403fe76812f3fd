def f(x: int) -> int:
    return int(x / 2) if abs(x) < 2**52 else 0
