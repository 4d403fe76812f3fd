# expect: yes -- recursive factorial (depth at most 4) against a loop
def g(n: int) -> int:
    assert 0 <= n <= 4
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r
