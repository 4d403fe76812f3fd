# expect: prove=no terminates=yes
"""Recursive Fibonacci; the claim fib(n) >= n fails at n = 2, 3, 4 (fib(2) = 1)."""


def fib(n: int) -> int:
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def main(n: int) -> int:
    if n < 0 or n > 20:
        return 0
    assert fib(n) >= n
    return 0
