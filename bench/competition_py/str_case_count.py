# expect: prove=yes terminates=yes
"""Counting lower- and uppercase letters of a string: together never more than its length."""


def main(s: str) -> int:
    lower = 0
    upper = 0
    for c in s:
        if c.islower():
            lower += 1
        elif c.isupper():
            upper += 1
    assert lower + upper <= len(s)
    return lower - upper
