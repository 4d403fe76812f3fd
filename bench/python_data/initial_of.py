"""The initial of a name looked up in a dict of strings: an empty name raises IndexError."""


def initial_of(names: dict[str, str], key: str) -> str:
    assert isinstance(names, dict)
    if key in names:
        return names[key][0]
    return ""
