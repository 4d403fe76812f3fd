# expect: prove=yes terminates=yes
"""A step function written as a lambda bound to a name, reading a variable of the enclosing function."""


def main(n: int, k: int) -> int:
    if not (0 <= n <= 100 and 1 <= k <= 5):
        return 0
    step = lambda v: v + k
    x = 0
    c = 0
    while c < n:
        x = step(x)
        c += 1
    assert x == k * n
    return x
