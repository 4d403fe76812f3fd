# expect: prove=yes terminates=yes
"""A dict histogram of the values; the counts add up to the length."""


def main(a: list[int]) -> int:
    counts: dict[int, int] = {}
    for x in a:
        if x in counts:
            counts[x] += 1
        else:
            counts[x] = 1
    total = 0
    for v in counts.values():
        total += v
    assert total == len(a)
    return total
