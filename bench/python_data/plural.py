"""English plural of a word, with str.endswith."""


def plural(word: str) -> str:
    """post: __return__.endswith("s")"""
    if word.endswith("y"):
        return word[:-1] + "ies"
    return word + "s"
