"""Columns of a fixed header split on runs of whitespace: always three, the last 'score'."""


def header_columns(extra: int) -> int:
    assert isinstance(extra, int)
    cols = "  id name\tscore ".split()
    assert len(cols) == 3 and cols[2] == "score"
    return len(cols) + extra
