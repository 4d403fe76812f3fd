# expect: prove=yes terminates=yes
"""enumerate and zip over two lists of the same length; the dot product of a with itself is >= 0."""
from verifier import assume


def main(a: list[int], b: list[int]) -> int:
    assume(len(a) == len(b))
    dot = 0
    for x, y in zip(a, a):
        dot += x * y
    assert dot >= 0
    last = -1
    for i, _ in enumerate(b):
        last = i
    assert last == len(b) - 1
    return dot
