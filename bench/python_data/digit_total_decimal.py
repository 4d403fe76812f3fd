"""Add up the decimal digits of a text: str.isdecimal() holds exactly of what int() reads."""


def digit_total_decimal(s: str) -> int:
    assert isinstance(s, str)
    total = 0
    for ch in s:
        if ch.isdecimal():
            total += int(ch)
    return total
