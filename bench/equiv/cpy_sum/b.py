# expect: no -- ported to Python: C's int overflows for large n (n >= 37838), Python's does not
def g(n: int) -> int:
    s = 0
    for i in range(n):
        s += 3 * i
    return s
