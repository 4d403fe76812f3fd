"""A hand-written tokenizer that runs off the end on trailing spaces."""


def split_words(s: str) -> list[str]:
    """The space-separated words of s.

    post: all(w != "" for w in __return__)
    """
    words = []
    i = 0
    while i < len(s):
        while s[i] == " ":
            i += 1
        j = i
        while j < len(s) and s[j] != " ":
            j += 1
        words.append(s[i:j])
        i = j
    return words
