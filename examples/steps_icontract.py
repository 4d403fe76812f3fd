"""Doubling by steps, with an icontract contract that verify proves through the loop.

expect: yes for double_by_steps (postcondition): the loop keeps total == 2 * i.
expect: yes for clamp (postcondition): both postconditions hold on every path.

`verify` reads the decorators from the source; icontract is needed only to run
the file (`pip install verify[contracts]`).
"""

import icontract


@icontract.require(lambda n: n >= 0)
@icontract.ensure(lambda result, n: result == 2 * n)
def double_by_steps(n: int) -> int:
    total = 0
    i = 0
    while i < n:
        total += 2
        i += 1
    return total


@icontract.require(lambda lo, hi: lo <= hi)
@icontract.ensure(lambda result, lo, hi: lo <= result <= hi)
@icontract.ensure(lambda result, x, lo, hi: result == x or not lo <= x <= hi)
def clamp(x: int, lo: int, hi: int) -> int:
    if x < lo:
        return lo
    if x > hi:
        return hi
    return x
