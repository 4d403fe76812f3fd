"""Format a ratio as a percentage; a whole that is not positive raises the declared ValueError."""


def percent_text(part: int, whole: int) -> int:
    """The length of the percentage text.

    :raises ValueError: when whole is not positive
    """
    assert isinstance(part, int) and isinstance(whole, int)
    if whole <= 0:
        raise ValueError(f"whole must be positive, got {whole}")
    text = f"{part * 100 // whole}%"
    return len(text)
