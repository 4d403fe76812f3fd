# expect: prove=no terminates=yes
"""A #define-style bound off by one: the loop writes one step too many."""
SIZE = 8


def main(k: int) -> int:
    if k < 0 or k > SIZE:
        return 0
    count = 0
    for _ in range(k + 1):
        count += 1
    assert count <= SIZE
    return count
