"""English plural of a word, reading its last character even when it is empty."""


def plural_last_char(word: str) -> str:
    """post: __return__.endswith("s")"""
    if word[-1] == "y":
        return word[:-1] + "ies"
    return word + "s"
