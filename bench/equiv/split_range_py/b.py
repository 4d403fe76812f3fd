# expect: yes -- the range split in two halves: iteration counts differ per loop
def g(n: int, x: int) -> int:
    s = 0
    m = n // 2
    for i in range(m):
        s += x
    for i in range(m, n):
        s += x
    return s
