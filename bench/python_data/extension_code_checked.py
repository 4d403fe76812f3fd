"""The first character of a file name's extension, after the last dot; -1 when there is none."""


def extension_code_checked(name: str) -> int:
    assert isinstance(name, str)
    dot = name.rfind(".")
    if dot < 0 or dot + 1 >= len(name):
        return -1
    return ord(name[dot + 1])
