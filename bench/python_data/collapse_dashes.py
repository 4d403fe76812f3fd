"""Collapse runs of dashes with one replace: '---' still has two dashes in a row."""


def collapse_dashes(s: str) -> int:
    assert isinstance(s, str)
    t = s.replace("--", "-")
    assert "--" not in t
    return len(t)
