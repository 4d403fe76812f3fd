"""Walk a dict with string keys three ways; every key read back gives its value."""


def key_values(d: dict[str, int]) -> int:
    assert isinstance(d, dict)
    total = 0
    for k in d:
        total += d[k]
    for k, v in d.items():
        assert d[k] == v
    for k in d.keys():
        assert d.get(k, v - 1) == d[k]
    return total
