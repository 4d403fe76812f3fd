# expect: yes -- multiplication by repeated addition against the product
def g(n: int, m: int) -> int:
    if n < 0:
        return 0
    return n * m
