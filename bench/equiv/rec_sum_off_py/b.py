# expect: no -- the loop stops one short of the recursion (n = 1 differs)
def g(n: int) -> int:
    s = 0
    i = 1
    while i < n:
        s += i
        i += 1
    return s
