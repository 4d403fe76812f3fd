# expect: no -- a special case for one input pair
def g(x: int, y: int) -> int:
    if x == 1234 and y == -77:
        return 0
    return x + x + y
