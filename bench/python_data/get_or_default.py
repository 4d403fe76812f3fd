"""Look a key up with dict.get, falling back to an Optional default that may be None."""

from typing import Optional


def get_or_default(d: dict[str, int], key: str, default: Optional[int]) -> int:
    assert isinstance(d, dict) and isinstance(key, str)
    value = d.get(key)
    if value is None:
        value = default
    assert value is not None
    return value
