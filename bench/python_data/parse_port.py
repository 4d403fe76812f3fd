"""Parse a TCP port number: the range check is off by one at the top."""


def parse_port(text: str) -> int:
    """:raises ValueError: when the text is no integer"""
    assert isinstance(text, str)
    port = int(text)
    if port < 0 or port > 65536:
        return -1
    assert port < 65536
    return port
