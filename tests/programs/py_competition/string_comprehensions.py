"""Comprehensions and generator expressions over the characters of a string."""


def count_digits(s: str) -> int:
    return sum(1 for c in s if c.isdigit())


def any_vowel(s: str) -> int:
    return 1 if any(c in "aeiou" for c in s) else 0


def codes(s: str) -> int:
    return sum(ord(ch) * (i + 1) for i, ch in enumerate(s))


def all_lower_letters(s: str) -> int:
    return 1 if all("a" <= c <= "z" for c in s) else 0


def shadowing(s: str) -> int:
    c = 7
    n = sum(1 for c in s if c != "a")
    return n + c
