"""String methods that make new strings or test characters: every function is run under CPython and
through the lowered IR on the same Hypothesis-generated inputs. Each digests the strings it makes into
an int (their code points and lengths), so a wrong character anywhere shows."""


def stripped(s: str, chars: str) -> int:
    h = 0
    for t in [s.strip(), s.lstrip(), s.rstrip(None), s.strip(chars), s.lstrip(chars), s.rstrip(chars)]:
        h = h * 1000 + len(t)
        for ch in t:
            h = h * 1114112 + ord(ch)
    return h


def lowered(s: str) -> int:
    h = 0
    for ch in s.lower():
        h = h * 1114112 + ord(ch)
    return h * 100 + len(s.lower())


def uppered(s: str) -> int:
    h = 0
    for ch in s.upper():
        h = h * 1114112 + ord(ch)
    return h * 100 + len(s.upper())


def replaced(s: str, old: str, new: str, n: int) -> int:
    h = 0
    for t in [s.replace(old, new), s.replace(old, new, n)]:
        h = h * 1000 + len(t)
        for ch in t:
            h = h * 1114112 + ord(ch)
    return h


def repeated(s: str, n: int) -> int:
    t = s * n + n * "ab"
    h = len(t)
    for ch in t:
        h = h * 1114112 + ord(ch)
    return h


def last_position(s: str, sub: str) -> int:
    return s.rfind(sub) * 1000 + s.rindex(sub)


def classes(s: str) -> int:
    return (int(s.isspace()) + 2 * int(s.isdigit()) + 4 * int(s.isdecimal()) + 8 * int(s.isnumeric())
            + 16 * int(s.isalpha()) + 32 * int(s.isalnum()) + 64 * int(s.isascii()))


def words(s: str) -> int:
    h = 0
    for w in s.split():
        h = h * 1000 + len(w)
        for ch in w:
            h = h * 1114112 + ord(ch)
    return h * 100 + len(s.split(None))


def ordered(s: str, sub: str) -> int:
    return int(s < sub) + 2 * int(s <= sub) + 4 * int(s > sub) + 8 * int(s >= sub) + 16 * int(s[:1] < s)
