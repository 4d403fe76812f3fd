"""Palindrome check that mirrors index i to len(s) - i instead of len(s) - 1 - i."""


def is_palindrome(s: str) -> bool:
    assert isinstance(s, str)
    for i in range(len(s) // 2):
        if s[i] != s[len(s) - i]:
            return False
    return True
