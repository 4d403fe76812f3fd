# expect: no -- rounding up instead of down for odd x
def g(x: int) -> int:
    return -(-x // 2)
