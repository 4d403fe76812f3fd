# expect: prove=no terminates=yes
"""Character classes with chained string comparisons: the count of letters misses 'z' ("a" <= c < "z")."""


def main(s: str) -> int:
    letters = 0
    digits = 0
    for c in s:
        if "a" <= c < "z":
            letters += 1
        elif "0" <= c <= "9":
            digits += 1
    assert letters + digits == sum(1 for c in s if c.islower() and c.isascii() or c.isdigit() and c.isascii())
    return letters
