# expect: prove=no/unknown terminates=yes/unknown
"""A module-level name a function rebinds through `global` is not a constant."""
LIMIT = 10


def shrink() -> None:
    global LIMIT
    LIMIT = 3


def main(x: int) -> int:
    if x < 0 or x >= LIMIT:
        return 0
    assert x < 10
    shrink()
    assert x < LIMIT
    return 0
