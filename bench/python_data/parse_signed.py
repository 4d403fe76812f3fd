"""Parse an integer whose text starts with '-': it is never positive."""


def parse_signed(text: str) -> int:
    """:raises ValueError: when the text is no integer"""
    assert isinstance(text, str)
    n = int(text)
    if text.startswith("-"):
        assert n <= 0
    return n
