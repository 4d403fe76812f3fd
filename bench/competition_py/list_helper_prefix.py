# expect: prove=yes terminates=yes
"""A helper building the list 0, 1, ..., n-1; the caller checks its length and ends."""


def upto(n: int) -> list[int]:
    out = []
    i = 0
    while i < n:
        out.append(i)
        i += 1
    return out


def main(n: int) -> int:
    if not (1 <= n <= 50):
        return 0
    xs = upto(n)
    assert len(xs) == n
    assert xs[0] == 0
    return len(xs)
