"""Invert a dict; later keys win on repeated values."""


def invert(d: dict[str, int]) -> dict[int, str]:
    assert isinstance(d, dict)
    out: dict[int, str] = {}
    for k, v in d.items():
        out[v] = k
    assert len(out) <= len(d)
    assert all(d[out[v]] == v for v in out)
    return out
