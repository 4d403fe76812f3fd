def f(x: int) -> int:
    assert x != 3
    return x + 1
