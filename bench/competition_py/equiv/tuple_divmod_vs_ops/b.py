# expect: yes -- quotient and remainder, the remainder from the quotient
def g(x: int, y: int) -> tuple[int, int]:
    if y <= 0:
        return 0, 0
    q = x // y
    return q, x - q * y
