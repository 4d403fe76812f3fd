# expect: no -- off by one: range(n + 1) adds n too (differs for every n >= 1)
def g(n: int) -> int:
    s = 0
    for i in range(n + 1):
        s += i
    return s
