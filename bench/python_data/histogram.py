"""Scores 0..100 into ten buckets; a score of 100 lands in an eleventh."""


def histogram(scores: list[int]) -> list[int]:
    assert isinstance(scores, list)
    buckets = [0] * 10
    for s in scores:
        if 0 <= s <= 100:
            buckets[s // 10] += 1
    assert sum(buckets) <= len(scores)
    return buckets
