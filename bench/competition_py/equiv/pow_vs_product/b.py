# expect: yes -- pow(x, 3) against x * x * x
def g(x: int) -> int:
    return x * x * x - x
