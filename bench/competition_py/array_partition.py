# expect: prove=yes terminates=yes
"""Array task: split into non-negative and negative lists with append; sizes add up."""


def main(a: list[int]) -> int:
    pos = []
    neg = []
    for x in a:
        if x >= 0:
            pos.append(x)
        else:
            neg.append(x)
    assert len(pos) + len(neg) == len(a)
    for v in neg:
        assert v < 0
    return len(pos)
