"""First letter of each non-empty word."""


def initials_fixed(name: str) -> str:
    assert isinstance(name, str)
    out = ""
    for part in name.split(" "):
        if part:
            out += part[0]
    assert len(out) <= len(name)
    return out
