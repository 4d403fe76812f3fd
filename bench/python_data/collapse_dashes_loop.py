"""Collapse runs of dashes by replacing until none is left."""


def collapse_dashes_loop(s: str) -> int:
    assert isinstance(s, str)
    t = s
    while "--" in t:
        t = t.replace("--", "-")
    assert "--" not in t
    return len(t)
