# expect: terminates=no
"""Subtractive gcd: with a zero argument the other never decreases (x = 0, y = 5 runs forever)."""


def main(x: int, y: int) -> int:
    if x < 0 or y < 0:
        return 0
    while x != y:
        if x > y:
            x -= y
        else:
            y -= x
    return x
