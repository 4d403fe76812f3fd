"""An overflow-free sum: C would get it wrong, Python does not.

expect: yes for sum_up: in C, the same loop overflows an int for n >= 65536,
        but Python's integers are unbounded, so the closed form always holds.
expect: no for mean: with n == 0 it divides by zero (ZeroDivisionError).
"""
from verifier import assume


def sum_up(n):
    assume(n >= 0)
    total = 0
    i = 0
    while i < n:
        i += 1
        total += i
    assert 2 * total == n * (n + 1)
    return total


def mean(total, n):
    assume(n >= 0)
    return total // n
