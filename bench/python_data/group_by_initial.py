"""Group word positions by first letter with setdefault: an empty word has no first letter."""


def group_by_initial(words: list[str]) -> int:
    assert isinstance(words, list)
    groups: dict[str, list[int]] = {}
    for i in range(len(words)):
        groups.setdefault(words[i][0], []).append(i)
    return len(groups)
