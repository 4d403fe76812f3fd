# expect: yes -- unrolled by three with the remainder after the loop
def g(n: int) -> int:
    s = 0
    i = 0
    while i + 2 < n:
        s += i + (i + 1) + (i + 2)
        i += 3
    while i < n:
        s += i
        i += 1
    return s
