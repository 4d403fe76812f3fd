# expect: no -- C's -INT_MIN overflows, Python's abs does not
def g(x: int) -> int:
    return abs(x)
