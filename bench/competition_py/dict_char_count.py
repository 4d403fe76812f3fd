# expect: prove=yes terminates=yes
"""Counting characters in a dict first seen empty: never more distinct keys than characters."""


def main(s: str) -> int:
    counts = {}
    for c in s:
        counts[c] = counts.get(c, 0) + 1
    assert len(counts) <= len(s)
    if "a" in counts:
        assert counts["a"] >= 1
    return len(counts)
