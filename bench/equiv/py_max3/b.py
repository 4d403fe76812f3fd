# expect: yes -- max of three by nested comparisons
def g(a: int, b: int, c: int) -> int:
    m = a
    if b > m:
        m = b
    if c > m:
        m = c
    return m
