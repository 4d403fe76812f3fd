# expect: prove=yes terminates=yes
"""A two-index palindrome check agrees with comparing against the reversed slice."""


def main(s: str) -> int:
    i = 0
    j = len(s) - 1
    ok = True
    while i < j:
        if s[i] != s[j]:
            ok = False
            break
        i += 1
        j -= 1
    assert ok == (s == s[::-1])
    return 0
