# expect: prove=yes terminates=yes
"""Membership in a tuple display, as a translator writes a C switch's case list."""


def main(x: int) -> int:
    if x in (2, 3, 5, 7):
        kind = 1
    elif x in (4, 6, 8, 9):
        kind = 2
    else:
        kind = 0
    if 2 <= x <= 9:
        assert kind != 0
    return kind
