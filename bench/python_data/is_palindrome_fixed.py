"""Palindrome check by two mirrored indices, checked against slicing."""


def is_palindrome_fixed(s: str) -> bool:
    assert isinstance(s, str)
    result = True
    for i in range(len(s) // 2):
        if s[i] != s[len(s) - 1 - i]:
            result = False
    assert result == (s == s[::-1])
    return result
