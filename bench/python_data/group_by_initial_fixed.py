"""Group word positions by first letter with setdefault, skipping empty words."""


def group_by_initial_fixed(words: list[str]) -> int:
    assert isinstance(words, list)
    groups: dict[str, list[int]] = {}
    for i in range(len(words)):
        if words[i] != "":
            groups.setdefault(words[i][0], []).append(i)
    return len(groups)
