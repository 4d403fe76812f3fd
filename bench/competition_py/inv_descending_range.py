# expect: prove=yes terminates=yes
"""range(n - 1, -1, -1): a countdown loop visits n indices."""
from verifier import assume


def main(n: int) -> int:
    assume(0 <= n <= 300)
    c = 0
    last = n
    for i in range(n - 1, -1, -1):
        assert i < last
        last = i
        c += 1
    assert c == n
    return c
