# expect: prove=yes terminates=yes
"""A helper with default parameters, called with and without keyword arguments."""
LIMIT = 100


def step(x: int, k: int = 1, cap: int = LIMIT) -> int:
    if x + k > cap:
        return cap
    return x + k


def main(n: int) -> int:
    if not (0 <= n <= LIMIT):
        return 0
    x = 0
    while x < n:
        x = step(x)
    y = step(x, k=2, cap=LIMIT + 2)
    assert x == n
    assert y == n + 2
    return y
