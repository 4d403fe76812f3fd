from verifier import assume


def f(x: int, y: int) -> int:
    assume(y >= 0)
    r = 0
    for _ in range(y):
        r += x
    return r
