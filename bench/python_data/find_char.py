"""Position of a character with str.find (deal)."""

import deal


@deal.pre(lambda s, ch: len(ch) == 1)
@deal.ensure(lambda s, ch, result: result == -1 or s[result] == ch)
@deal.ensure(lambda s, ch, result: (result == -1) == (ch not in s))
def find_char(s: str, ch: str) -> int:
    return s.find(ch)
