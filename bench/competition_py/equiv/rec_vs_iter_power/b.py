# expect: yes -- recursive power against a while loop
def g(b: int, e: int) -> int:
    r = 1
    while e > 0:
        r *= b
        e -= 1
    return r
