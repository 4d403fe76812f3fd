# expect: prove=yes terminates=yes
"""Mutual recursion is_even / is_odd agrees with % 2."""


def is_even(n: int) -> bool:
    if n == 0:
        return True
    return is_odd(n - 1)


def is_odd(n: int) -> bool:
    if n == 0:
        return False
    return is_even(n - 1)


def main(n: int) -> int:
    if n < 0 or n > 30:
        return 0
    assert is_even(n) == (n % 2 == 0)
    return 0
