# expect: prove=yes terminates=yes
"""Unsigned 32-bit wrap-around written out in Python, as translations of C tasks do
(the precondition as an early return)."""


def wrap_increment(x: int) -> int:
    if not 0 <= x < 4294967296:
        return 0
    y = (x + 1) % 4294967296
    if x == 4294967295:
        assert y == 0
    else:
        assert y == x + 1
    return y


def wrap_decrement(x: int) -> int:
    if not 0 <= x < 4294967296:
        return 0
    y = (x - 1) % 4294967296
    assert 0 <= y < 4294967296
    if x == 0:
        assert y == 4294967295
    return y
