"""A hand-written tokenizer that stops at the end of the string."""


def split_words_fixed(s: str) -> list[str]:
    """The space-separated words of s.

    post: all(w != "" and " " not in w for w in __return__)
    """
    words = []
    i = 0
    while i < len(s):
        while i < len(s) and s[i] == " ":
            i += 1
        j = i
        while j < len(s) and s[j] != " ":
            j += 1
        if j > i:
            words.append(s[i:j])
        i = j
    return words
