"""Group the positions of each word in a dict of lists, appending to a group once it exists."""


def positions_by_word(words: list[str]) -> int:
    assert isinstance(words, list)
    groups: dict[str, list[int]] = {}
    for i in range(len(words)):
        w = words[i]
        if w in groups:
            groups[w].append(i)
        else:
            groups[w] = [i]
    return len(groups)
