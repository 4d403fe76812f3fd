# expect: yes -- abs() vs a conditional expression
def g(x: int) -> int:
    return x if x >= 0 else -x
