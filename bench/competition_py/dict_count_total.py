# expect: prove=yes terminates=yes
"""Dict counting with get(x, 0) + 1: every count is positive and the counts add up to the length."""


def main(a: list[int]) -> int:
    counts: dict[int, int] = {}
    for x in a:
        counts[x] = counts.get(x, 0) + 1
    total = 0
    for k in counts:
        assert counts[k] > 0
        total += counts[k]
    assert total == len(a)
    return total
