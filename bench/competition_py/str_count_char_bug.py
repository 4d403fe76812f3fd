# expect: prove=no terminates=yes
"""Counting a character with an index loop that skips the last position."""


def main(s: str) -> int:
    c = 0
    for i in range(len(s) - 1):
        if s[i] == "a":
            c += 1
    assert c == s.count("a")
    return c
