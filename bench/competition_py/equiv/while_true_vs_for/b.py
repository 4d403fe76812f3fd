# expect: yes -- while True/break against for-range
def g(n: int) -> int:
    c = 0
    for _ in range(n):
        c += 2
    return c
