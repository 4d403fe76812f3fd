# expect: yes -- a long holds the sum of two ints: no overflow on either side
def g(a: int, b: int) -> int:
    return a + b
