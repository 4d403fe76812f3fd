"""Initials of a first and an optional middle name: a missing middle name becomes '' and is indexed."""

from typing import Optional


def middle_initial(first: str, middle: Optional[str]) -> str:
    """pre: len(first) > 0"""
    if middle is None:
        middle = ""
    return first[0] + middle[0]
