"""Length of each word by a dict comprehension with string keys; 'the' read with a default."""


def word_lengths_get(words: list[str]) -> int:
    assert isinstance(words, list)
    lengths = {w: len(w) for w in words}
    return lengths.get("the", 0)
