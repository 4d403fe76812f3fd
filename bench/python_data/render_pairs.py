"""Render the pairs of a dict with string keys as 'key=value' lines, wrongly assuming no key is empty."""


def render_pairs(d: dict[str, int]) -> int:
    assert isinstance(d, dict)
    width = 0
    for k, v in d.items():
        line = f"{k}={v}"
        assert line[0] != "="
        if len(line) > width:
            width = len(line)
    return width
