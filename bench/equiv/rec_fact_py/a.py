def f(n: int) -> int:
    assert 0 <= n <= 4
    if n == 0:
        return 1
    return n * f(n - 1)
