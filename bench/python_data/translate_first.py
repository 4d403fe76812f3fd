"""Translate a word through a dict of strings and take its first letter: a word the table maps to '' fails."""


def translate_first(table: dict[str, str], word: str) -> int:
    assert isinstance(table, dict)
    if word == "":
        return 0
    out = table.get(word, word)
    return ord(out[0])
