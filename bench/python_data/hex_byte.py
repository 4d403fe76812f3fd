"""Parse a byte written in hexadecimal: '100' and '-1' are numbers but no bytes."""


def hex_byte(text: str) -> int:
    """:raises ValueError: when the text is no hexadecimal number"""
    assert isinstance(text, str)
    value = int(text, 16)
    assert 0 <= value <= 255
    return value
