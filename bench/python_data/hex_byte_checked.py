"""Parse a byte written in hexadecimal, -1 for a number out of range."""


def hex_byte_checked(text: str) -> int:
    """:raises ValueError: when the text is no hexadecimal number"""
    assert isinstance(text, str)
    value = int(text, 16)
    if value < 0 or value > 255:
        return -1
    assert 0 <= value <= 255
    return value
