# expect: prove=no terminates=yes
"""A name check: the first character must be uppercase; the author assumes the rest is then lowercase."""


def main(name: str) -> int:
    if len(name) < 2 or not name[0].isupper():
        return 0
    rest = name[1:]
    assert not rest.isupper()
    return 1
