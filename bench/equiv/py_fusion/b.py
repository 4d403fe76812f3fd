# expect: yes -- loop fusion: two loops over the same range become one
def g(n: int, x: int) -> int:
    s = 0
    c = 0
    for i in range(n):
        s += x
        c += 1
    return s + c
