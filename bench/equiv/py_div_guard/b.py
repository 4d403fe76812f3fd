# expect: no -- the zero guard was dropped: ZeroDivisionError where f returns 0
def g(a: int, b: int) -> int:
    return a // b
