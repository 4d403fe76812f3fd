# expect: yes -- recursive power against a while loop, the exponent bounded below the recursion limit
def g(b: int, e: int) -> int:
    if e > 200:
        return 0
    r = 1
    while e > 0:
        r *= b
        e -= 1
    return r
