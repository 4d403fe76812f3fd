# expect: yes -- a nested helper against the expressions written out
def g(x: int, y: int) -> int:
    return abs(x - y) + abs(y)
