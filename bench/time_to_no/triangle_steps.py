"""Walk down a staircase of steps 1, 2, 3, ...; the landing is claimed to be exact.

expect: no assert at line 13 (total = 2 overshoots: 1 + 2 = 3)
"""


def triangle_steps(total: int) -> int:
    """pre: total >= 0"""
    step, walked = 0, 0
    while walked < total:
        step += 1
        walked += step
    assert walked == total
    return step
