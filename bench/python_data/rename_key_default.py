"""Move a value to a new key with dict.pop and a default: a missing key moves the empty string."""


def rename_key_default(d: dict[str, str], old: str, new: str) -> int:
    assert isinstance(d, dict) and isinstance(old, str) and isinstance(new, str)
    value = d.pop(old, "")
    d[new] = value
    assert new in d
    return len(d[new])
