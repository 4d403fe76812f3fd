"""The initial of a name looked up in a dict of strings, empty names skipped."""


def initial_of_checked(names: dict[str, str], key: str) -> str:
    assert isinstance(names, dict)
    if key in names:
        name = names[key]
        if name:
            return name[0]
    return ""
