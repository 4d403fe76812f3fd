# expect: yes -- repeated addition vs multiplication, for y >= 0 (nonlinear)
from verifier import assume


def g(x: int, y: int) -> int:
    assume(y >= 0)
    return x * y
