# expect: prove=no terminates=yes
"""A helper updates a global total; main read the global before the calls and compares a stale copy."""
total = 0


def add(v: int) -> None:
    global total
    total += v


def main(a: int, b: int) -> int:
    before = total
    add(a)
    add(b)
    assert total == before + a + b
    assert total >= before
    return total
