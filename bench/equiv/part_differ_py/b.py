# expect: no -- options: --partial -- both end on x >= 0 and differ at x = 3
def g(x: int) -> int:
    while x < 0:
        x = x - 0
    if x == 3:
        return 0
    return x + 1
