"""Lists of strings and lists of lists, for the differential test (tests/test_python_data_nested.py)."""


def count_words(s: str) -> int:
    return len(s.split(" "))


def split_ab(s: str) -> int:
    ws = s.split("ab")
    return len(ws) * 100 + len(ws[-1])


def split_on(s: str, sep: str) -> int:
    return len(s.split(sep))


def pieces(s: str) -> int:
    a, b = s.split("a")
    return len(a) * 10 + len(b)


def longest(ws: list[str]) -> int:
    best = 0
    for w in ws:
        if len(w) > best:
            best = len(w)
    return best


def first_char(ws: list[str], i: int) -> int:
    return ord(ws[i][0])


def any_empty(ws: list[str]) -> bool:
    if not ws:
        return False
    return any(w == "" for w in ws)


def collect(s: str) -> int:
    out: list[str] = []
    for w in s.split(" "):
        if w:
            out.append(w)
    return len(out) * 100 + sum(len(w) for w in out)


def total(xss: list[list[int]]) -> int:
    t = 0
    for xs in xss:
        t += sum(xs)
    return t


def grid(n: int, k: int) -> int:
    rows = [[i] * k for i in range(n)]
    return len(rows) + sum(len(r) for r in rows) + rows[-1][0]


def chunk_count(xs: list[int], size: int) -> int:
    parts = [xs[i:i + size] for i in range(0, len(xs), size)]
    return len(parts) * 10 + len(parts[0])
