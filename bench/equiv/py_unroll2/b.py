# expect: yes -- the loop unrolled by two, with a remainder iteration
def g(n: int) -> int:
    s = 0
    i = 0
    while i + 1 < n:
        s += 2 * i
        s += 2 * (i + 1)
        i += 2
    if i < n:
        s += 2 * i
    return s
