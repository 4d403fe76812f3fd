"""Length of each word by a dict comprehension with string keys; 'the' looked up unguarded."""


def word_lengths(words: list[str]) -> int:
    assert isinstance(words, list)
    lengths = {w: len(w) for w in words}
    return lengths["the"]
