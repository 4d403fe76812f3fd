# expect: prove=yes terminates=yes
"""A C pseudo-random generator with a global seed: every value the helper draws stays in range."""
seed = 7


def next_value(bound: int) -> int:
    global seed
    if bound <= 0:
        return 0
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % bound


def main(n: int) -> int:
    if n <= 0 or n > 10:
        return 0
    total = 0
    for _ in range(n):
        v = next_value(6)
        assert 0 <= v < 6
        total += v
    assert total <= 5 * n
    return total
