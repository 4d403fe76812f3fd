"""Integer square root by counting up, for non-negative input (deal)."""

import deal


@deal.pre(lambda n: n >= 0)
@deal.ensure(lambda n, result: result * result <= n < (result + 1) * (result + 1))
def isqrt(n: int) -> int:
    r = 0
    while (r + 1) * (r + 1) <= n:
        r += 1
    return r
