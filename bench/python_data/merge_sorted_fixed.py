"""Merge of two sorted lists that takes from b only while b has elements."""


def merge_sorted_fixed(a: list[int], b: list[int]) -> list[int]:
    """The sorted merge of a and b.

    pre: all(a[i] <= a[i + 1] for i in range(len(a) - 1))
    pre: all(b[i] <= b[i + 1] for i in range(len(b) - 1))
    post: len(__return__) == len(a) + len(b)
    post: __return__ == sorted(a + b)
    """
    out = []
    i = j = 0
    while i < len(a) or j < len(b):
        if j >= len(b) or (i < len(a) and a[i] <= b[j]):
            out.append(a[i])
            i += 1
        else:
            out.append(b[j])
            j += 1
    return out
