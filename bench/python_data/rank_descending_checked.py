"""Scores ranked high to low in place by a key; the gap to the runner-up when there is one."""


def rank_descending_checked(scores: list[int]) -> int:
    assert isinstance(scores, list)
    scores.sort(key=lambda s: -s)
    if len(scores) < 2:
        return 0
    return scores[0] - scores[1]
