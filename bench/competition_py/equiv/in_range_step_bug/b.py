# expect: no -- even and in [0, n] is not range(0, n, 2): x == n for an even n
def g(x: int, n: int) -> int:
    return 1 if x % 2 == 0 and 0 <= x <= n else 0
