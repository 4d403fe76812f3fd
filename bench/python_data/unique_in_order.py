"""Drop repeated values, keeping first occurrences, with a dict as the seen-set."""


def unique_in_order(xs: list[int]) -> list[int]:
    """The distinct values of xs in the order they first appear.

    post: len(__return__) <= len(xs)
    post: all(x in __return__ for x in xs)
    """
    seen: dict[int, bool] = {}
    out = []
    for x in xs:
        if x not in seen:
            seen[x] = True
            out.append(x)
    return out
