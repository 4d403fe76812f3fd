# expect: no -- CPython's recursion limit: f(1, 10000) raises RecursionError where the loop returns 1
def g(b: int, e: int) -> int:
    r = 1
    while e > 0:
        r *= b
        e -= 1
    return r
