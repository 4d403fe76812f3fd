# expect: yes -- Python's % from floor division
def g(x: int) -> int:
    return x - 3 * (x // 3)
