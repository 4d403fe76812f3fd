# expect: no -- A terminates where B does not (x=101): a difference under total equivalence
def g(x: int) -> int:
    while x > 100:
        x = x + 0
    return x + x
