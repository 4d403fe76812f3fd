"""A midpoint whose deal contract promises a half-open range it does not keep.

expect: no for midpoint (postcondition): midpoint(lo, lo) returns lo, which is not below hi.
expect: yes for midpoint_fixed (postcondition): the closed range holds.

`verify` reads the decorators from the source; deal is needed only to run the
file (`pip install verify[contracts]`).
"""

import deal


@deal.pre(lambda lo, hi: lo <= hi)
@deal.ensure(lambda lo, hi, result: lo <= result < hi)
def midpoint(lo: int, hi: int) -> int:
    return lo + (hi - lo) // 2


@deal.pre(lambda lo, hi: lo <= hi)
@deal.ensure(lambda lo, hi, result: lo <= result <= hi)
def midpoint_fixed(lo: int, hi: int) -> int:
    return lo + (hi - lo) // 2
