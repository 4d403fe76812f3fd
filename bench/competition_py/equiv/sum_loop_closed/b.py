# expect: yes -- a for-range sum against the closed form
def g(n: int) -> int:
    if n < 0:
        return 0
    return n * (n + 1) // 2
