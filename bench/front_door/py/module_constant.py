# expect: prove=yes terminates=yes
"""Module-level constants as a translation of #define N 10."""
N = 10
LIMIT = 2 * N


def main() -> int:
    i = 0
    s = 0
    while i < N:
        s += 2
        i += 1
    assert s == LIMIT
    return 0


if __name__ == "__main__":
    main()
