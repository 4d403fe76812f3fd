# expect: prove=yes terminates=yes
"""Recursive factorial is positive and at least n."""


def fact(n: int) -> int:
    if n <= 1:
        return 1
    return n * fact(n - 1)


def main(n: int) -> int:
    if n < 0 or n > 12:
        return 0
    r = fact(n)
    assert r >= 1
    assert r >= n
    return r
