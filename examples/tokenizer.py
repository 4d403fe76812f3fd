"""Count the space-separated words of a string; the first version runs off its end.

expect: no for count_words (bounds): on a string ending in a space, the inner
        loop skips past the last character and `s[i]` raises IndexError.
expect: yes for count_words_fixed (bounds): every read is guarded by `i < len(s)`.
"""


def count_words(s: str) -> int:
    n = 0
    i = 0
    while i < len(s):
        while s[i] == " ":
            i += 1
        j = i
        while j < len(s) and s[j] != " ":
            j += 1
        n += 1
        i = j
    return n


def count_words_fixed(s: str) -> int:
    n = 0
    i = 0
    while i < len(s):
        while i < len(s) and s[i] == " ":
            i += 1
        if i == len(s):
            break
        j = i
        while j < len(s) and s[j] != " ":
            j += 1
        n += 1
        i = j
    return n
