# expect: yes -- a sum of squares against n(n+1)(2n+1)/6 (a cubic loop invariant)
def g(n: int) -> int:
    if n <= 0:
        return 0
    return n * (n + 1) * (2 * n + 1) // 6
