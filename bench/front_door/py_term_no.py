# expect: terminates=no
def spin(x: int) -> int:
    while x != 0:
        if x > 0:
            x = x - 2
        else:
            x = x + 2
    return x
