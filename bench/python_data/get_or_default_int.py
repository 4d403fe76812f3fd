"""Look a key up with dict.get and an int default."""

from typing import Optional


def get_or_default_int(d: dict[str, int], key: str, default: int) -> int:
    assert isinstance(d, dict) and isinstance(key, str) and isinstance(default, int)
    value: Optional[int] = d.get(key)
    result = default if value is None else value
    assert result == (d[key] if key in d else default)
    return result
