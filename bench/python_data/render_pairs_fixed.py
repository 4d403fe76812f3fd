"""Render the pairs of a dict with string keys as 'key=value' lines: each has an '=' and a digit."""


def render_pairs_fixed(d: dict[str, int]) -> int:
    assert isinstance(d, dict)
    width = 0
    for k, v in d.items():
        line = f"{k}={v}"
        assert len(line) >= 2
        if len(line) > width:
            width = len(line)
    return width
