"""Sum of two values capped at ten, but the cap is applied before adding, one step too early.

expect: no assert at line 15 (a = 9, b = 9 gives 18)
"""


def clamp_sum(a: int, b: int) -> int:
    """pre: 0 <= a <= 10 and 0 <= b <= 10"""
    total = 0
    k = 0
    while k < 2:
        total = min(total, 10)
        total += a if k == 0 else b
        k += 1
    assert total <= 10
    return total
