"""Move a value to a new key with dict.pop: a key that is not there raises KeyError."""


def rename_key(d: dict[str, str], old: str, new: str) -> int:
    assert isinstance(d, dict) and isinstance(old, str) and isinstance(new, str)
    value = d.pop(old)
    d[new] = value
    return len(d)
