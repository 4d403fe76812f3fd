# expect: prove=no
def ratio(a: int, b: int) -> int:
    if a > 0:
        return a // b
    return 0
