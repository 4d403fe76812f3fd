"""String functions for the differential test (tests/test_python_data_frontend.py)."""


def digit_value(c: str) -> int:
    if len(c) != 1 or c not in "0123456789":
        return -1
    return "0123456789".index(c)


def find_char(s: str, ch: str) -> int:
    return s.find(ch) * 10 + s.count(ch)


def first_upper(s: str) -> int:
    return ord(s[0]) - ord("A")


def code_of(s: str, k: int) -> int:
    if k > 2:
        return ord(s) + k
    return k


def is_palindrome(s: str) -> bool:
    for i in range(len(s) // 2):
        if s[i] != s[len(s) - i]:
            return False
    return True


def tokens(s: str) -> int:
    n = 0
    i = 0
    while i < len(s):
        while s[i] == " ":
            i += 1
        j = i
        while j < len(s) and s[j] != " ":
            j += 1
        if s[i:j] != "":
            n += 1
        i = j
    return n


def affixes(s: str, p: str) -> int:
    out = ""
    for ch in s:
        if ch != "b":
            out += ch
    r = 0
    if s.startswith(p):
        r += 1
    if s.endswith(p + "a"):
        r += 10
    if p in out:
        r += 100
    return r + len(out) * 1000 + s.index("a")


def make(n: int) -> str:
    s = chr(n) + "xy"
    assert s[1:] == "xy" and isinstance(s, str)
    return s


def mixed(s: str, xs: list[int]) -> int:
    n = 0
    if s == xs:
        n += 1
    for i, ch in enumerate(s):
        if ch == "a":
            n += i
    for ch in s:
        if ch != "\x00":
            n += 10
    return n


def pairs(s: str, t: str) -> int:
    n = 0
    for i, ch in enumerate(s):
        if ch == "a":
            n += i
    for a, b in zip(s, t):
        if a != b:
            n += 100
    return n
