"""Scores ranked high to low in place by a key; the runner-up read without a length check."""


def rank_descending(scores: list[int]) -> int:
    assert isinstance(scores, list)
    scores.sort(key=lambda s: -s)
    return scores[0] - scores[1]
