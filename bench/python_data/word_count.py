"""Count the words of a sentence in a dict, with dict.get for the default."""


def word_count(s: str) -> dict[str, int]:
    """How many times each space-separated word occurs in s.

    post: all(n > 0 for n in __return__.values())
    post: sum(__return__.values()) <= len(s)
    """
    counts: dict[str, int] = {}
    for word in s.split(" "):
        if word:
            counts[word] = counts.get(word, 0) + 1
    return counts
