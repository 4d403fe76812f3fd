"""First letter of each word, reading part[0] of empty parts between double spaces."""


def initials(name: str) -> str:
    assert isinstance(name, str)
    out = ""
    for part in name.split(" "):
        out += part[0]
    assert len(out) <= len(name)
    return out
