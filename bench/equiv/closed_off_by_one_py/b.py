# expect: no -- Gauss's closed form off by one (n*(n-1)/2 sums only to n-1)
def g(n: int) -> int:
    if n <= 0:
        return 0
    return n * (n - 1) // 2
