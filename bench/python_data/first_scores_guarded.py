"""The sum of every player's first score, players with no scores skipped."""


def first_scores_guarded(scores: dict[str, list[int]]) -> int:
    assert isinstance(scores, dict)
    total = 0
    for name, s in scores.items():
        if s:
            total += s[0]
    return total
