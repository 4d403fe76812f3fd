# expect: prove=yes terminates=yes
"""A counter stepping modulo 7 (a C benchmark's i = (i + 3) % 7) stays in range."""


def main(n: int, i: int) -> int:
    i = i % 7
    for _ in range(n):
        i = (i + 3) % 7
        assert 0 <= i < 7
    return i
