"""Initials of a first and an optional middle name: the middle initial only when there is one."""

from typing import Optional


def middle_initial_checked(first: str, middle: Optional[str]) -> str:
    """pre: len(first) > 0"""
    if not middle:
        return first[0]
    return first[0] + middle[0]
