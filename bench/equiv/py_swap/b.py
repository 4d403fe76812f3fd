# expect: yes -- swap through a temporary vs the arithmetic trick
def g(x: int, y: int) -> int:
    x = x + y
    y = x - y
    x = x - y
    return 10 * x + y
