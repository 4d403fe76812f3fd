# expect: yes -- strength reduction: the multiplication becomes an induction variable
def g(n: int) -> int:
    s = 0
    t = 1
    i = 0
    while i < n:
        s += t
        t += 3
        i += 1
    return s
