# expect: no -- the assertion was removed: f fails on x == 3, g returns 4
def g(x: int) -> int:
    return x + 1
