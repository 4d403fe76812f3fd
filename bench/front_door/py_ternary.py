# expect: prove=yes
def biggest(a: int, b: int) -> int:
    m = a if a > b else b
    assert m >= a and m >= b
    return m
