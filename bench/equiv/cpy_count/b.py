# expect: yes -- counting iterations: max(n, 0), and c never exceeds INT_MAX in C
def g(n: int) -> int:
    c = 0
    i = 0
    while i < n:
        c += 1
        i += 1
    return c
