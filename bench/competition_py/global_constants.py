# expect: prove=yes terminates=yes
"""Global constants (#define SIZE / LIMIT) as module-level names, an array of SIZE cells."""
SIZE = 16
LIMIT = SIZE * 4 - 1


def main(k: int) -> int:
    if k < 0 or k >= SIZE:
        return 0
    a = [0] * SIZE
    for i in range(SIZE):
        a[i] = 4 * i + 3
    assert a[k] <= LIMIT
    return a[k]
