# expect: prove=yes
def count_up(n: int) -> int:
    if n < 0 or n > 100:
        return 0
    x = 0
    while x < n:
        x += 1
    assert x == n
    return x
