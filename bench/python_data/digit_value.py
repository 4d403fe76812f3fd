"""Value of a decimal digit, declared to raise ValueError otherwise (deal.raises)."""

import deal


@deal.raises(ValueError)
@deal.ensure(lambda c, result: 0 <= result <= 9)
def digit_value(c: str) -> int:
    if len(c) != 1 or c not in "0123456789":
        raise ValueError("not a digit: " + c)
    return "0123456789".index(c)
