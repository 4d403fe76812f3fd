# expect: yes -- a loop replaced by Gauss's closed form (nonlinear: hard to prove)
def g(n: int) -> int:
    if n <= 0:
        return 0
    return n * (n + 1) // 2
