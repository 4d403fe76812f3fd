# expect: prove=no terminates=yes
"""A C task's a / 2 translated as a // 2: wrong for odd negatives (C rounds towards zero)."""


def main(a: int) -> int:
    h = a // 2
    assert h * 2 == a or h * 2 == a - 1 and a > 0
    return h
