"""A bug only Python's semantics exposes: floor division rounds toward minus infinity.

expect: no for the assertion in halve: written as if // rounded toward zero (as C's /
        does, where -(x / 2) == (-x) / 2 always holds), it fails for every odd x, e.g. x = 1.
expect: yes for remainder_sign: Python's x % 3 is never negative (C's can be).
"""


def halve(x):
    assert isinstance(x, int)
    half = x // 2
    assert -half == (-x) // 2
    return half


def remainder_sign(x):
    assert isinstance(x, int)
    r = x % 3
    assert 0 <= r < 3
    return r
