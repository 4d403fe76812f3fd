# expect: yes -- counting down instead of up
def g(n: int, k: int) -> int:
    s = 0
    i = n
    while i > 0:
        s += k
        i -= 1
    return s
