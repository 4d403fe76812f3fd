"""Number of decimal digits, claimed to be at most three below 10000 (1000 has four).

expect: no assert at line 13 (n = 1000)
"""


def digits(n: int) -> int:
    """pre: 0 < n < 10000"""
    count = 0
    while n > 0:
        n //= 10
        count += 1
    assert count <= 3
    return count
