# expect: prove=no terminates=yes
"""A helper returning a filtered copy of an array; the caller reads one cell past the copy's end."""


def positives(a: list[int]) -> list[int]:
    out = []
    for x in a:
        if x > 0:
            out.append(x)
    return out


def main(a: list[int]) -> int:
    p = positives(a)
    if len(p) < len(a):
        return p[len(p)]
    return 0
