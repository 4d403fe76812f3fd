"""The first character of a file name's extension, after the last dot: 'a.' has none."""


def extension_code(name: str) -> int:
    assert isinstance(name, str)
    dot = name.rfind(".")
    if dot < 0:
        return -1
    return ord(name[dot + 1])
