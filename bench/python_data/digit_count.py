"""Count the digits of a number from its decimal text, leaving out the sign."""


def digit_count(n: int) -> int:
    """
    post: __return__ >= 1
    """
    text = str(n)
    if text[0] == "-":
        return len(text) - 1
    return len(text)
