"""The sum of every player's first score: a player with no scores raises IndexError."""


def first_scores(scores: dict[str, list[int]]) -> int:
    assert isinstance(scores, dict)
    total = 0
    for name, s in scores.items():
        total += s[0]
    return total
