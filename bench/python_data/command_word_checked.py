"""The length of a command line's first word, lower-cased; -1 for a blank line."""


def command_word_checked(line: str) -> int:
    assert isinstance(line, str)
    words = line.strip().lower().split()
    if len(words) == 0:
        return -1
    return len(words[0])
