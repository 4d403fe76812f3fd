"""The length of a command line's first word, lower-cased: a blank line has no first word."""


def command_word(line: str) -> int:
    assert isinstance(line, str)
    words = line.strip().lower().split()
    return len(words[0])
