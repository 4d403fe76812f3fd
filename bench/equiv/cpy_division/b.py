# expect: no -- C's / truncates toward zero, Python's // floors (a=-1, b=2)
def g(a: int, b: int) -> int:
    if b == 0:
        return 0
    return a // b
