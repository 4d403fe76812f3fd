# expect: prove=no terminates=yes
"""An assert inside a helper that main reaches with a value the helper forbids (x % 10 == 7)."""


def digit_ok(d: int) -> int:
    assert d != 7, "seven is reserved"
    return d * 2


def main(x: int) -> int:
    assert isinstance(x, int)
    total = 0
    for _ in range(3):
        total += digit_ok(x % 10)
        x //= 10
    return total
