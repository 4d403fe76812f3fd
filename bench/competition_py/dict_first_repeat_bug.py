# expect: prove=no terminates=yes
"""The first repeated character, by a dict of positions first seen empty; the author forgets a string
may have no repeat at all."""


def main(s: str) -> int:
    seen = {}
    for i in range(len(s)):
        if s[i] in seen:
            return seen[s[i]]
        seen[s[i]] = i
    assert len(s) == 0
    return -1
