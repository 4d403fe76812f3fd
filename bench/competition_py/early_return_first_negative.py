# expect: prove=yes terminates=yes
"""Early return inside a loop: the index of the first negative element, or -1."""


def first_negative(a: list[int]) -> int:
    for i in range(len(a)):
        if a[i] < 0:
            return i
    return -1


def main(a: list[int]) -> int:
    k = first_negative(a)
    if k >= 0:
        assert a[k] < 0
        for j in range(k):
            assert a[j] >= 0
    else:
        assert k == -1
    return k
