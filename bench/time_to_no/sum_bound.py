"""A running sum whose bound is stated too tightly (it grows quadratically).

expect: no assert at line 12 (n = 6 sums to 21 > 18)
"""


def sum_bound(n: int) -> int:
    """pre: 0 <= n <= 100"""
    total = 0
    for i in range(n + 1):
        total += i
    assert total <= 3 * n
    return total
