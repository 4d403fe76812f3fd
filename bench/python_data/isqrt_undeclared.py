"""Integer square root that raises on negative input without declaring it (deal)."""

import deal


@deal.ensure(lambda n, result: result * result <= n < (result + 1) * (result + 1))
def isqrt_undeclared(n: int) -> int:
    if n < 0:
        raise ValueError("negative")
    r = 0
    while (r + 1) * (r + 1) <= n:
        r += 1
    return r
