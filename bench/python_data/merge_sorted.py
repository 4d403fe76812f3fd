"""Merge of two sorted lists that reads past the end of the shorter one."""


def merge_sorted(a: list[int], b: list[int]) -> list[int]:
    """The sorted merge of a and b.

    pre: all(a[i] <= a[i + 1] for i in range(len(a) - 1))
    pre: all(b[i] <= b[i + 1] for i in range(len(b) - 1))
    post: len(__return__) == len(a) + len(b)
    """
    out = []
    i = j = 0
    while i < len(a) or j < len(b):
        if a[i] <= b[j]:
            out.append(a[i])
            i += 1
        else:
            out.append(b[j])
            j += 1
    return out
