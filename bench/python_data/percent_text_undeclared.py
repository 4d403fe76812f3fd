"""Format a ratio as a percentage; the ValueError for a whole that is not positive is not declared."""


def percent_text_undeclared(part: int, whole: int) -> int:
    assert isinstance(part, int) and isinstance(whole, int)
    if whole <= 0:
        raise ValueError(f"whole must be positive, got {whole}")
    text = f"{part * 100 // whole}%"
    return len(text)
