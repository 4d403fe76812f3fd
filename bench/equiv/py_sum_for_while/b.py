# expect: yes -- the same sum, `for` over range vs an explicit while loop
def g(n: int) -> int:
    s = 0
    i = 0
    while i < n:
        s = s + i
        i = i + 1
    return s
