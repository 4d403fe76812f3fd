"""Scores 0..100 into ten buckets, 100 counted in the last one."""


def histogram_capped(scores: list[int]) -> list[int]:
    assert isinstance(scores, list)
    buckets = [0] * 10
    for s in scores:
        if 0 <= s <= 100:
            buckets[min(s // 10, 9)] += 1
    assert sum(buckets) <= len(scores)
    return buckets
