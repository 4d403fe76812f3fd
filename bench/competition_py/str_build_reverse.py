# expect: prove=yes terminates=yes
"""String building: prepend every character; the result has the same length and ends reversed."""


def main(t: str) -> int:
    s = ""
    for c in t:
        s = c + s
    assert len(s) == len(t)
    if len(t) > 0:
        assert s[0] == t[-1]
        assert s[-1] == t[0]
    return len(s)
