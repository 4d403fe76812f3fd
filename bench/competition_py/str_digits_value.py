# expect: prove=yes terminates=yes
"""Parsing decimal digits by hand (ord(ch) - ord('0')) stays non-negative."""


def main(s: str) -> int:
    v = 0
    for ch in s:
        if "0" <= ch <= "9":
            v = v * 10 + (ord(ch) - ord("0"))
        else:
            return -1
    assert v >= 0
    return v
