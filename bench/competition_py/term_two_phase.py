# expect: terminates=yes
"""Termination: x grows while y shrinks, then x shrinks (a two-phase loop)."""


def main(x: int, y: int) -> int:
    while x > 0:
        if y > 0:
            y -= 1
            x += 1
        else:
            x -= 1
    return x
