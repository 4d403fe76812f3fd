"""The value of the first key longer than two characters, reading its third character wrongly."""


def first_long_key(d: dict[str, int]) -> int:
    assert isinstance(d, dict)
    for k in d:
        if len(k) >= 2 and k[2] == "x":
            return d[k]
    return 0
