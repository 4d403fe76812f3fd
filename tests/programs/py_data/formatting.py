"""str(int), f-strings and loops over the string keys of dicts, for the differential test
(tests/test_python_data_nested.py): each returns an int that depends on the text built."""


def code_sum(s: str) -> int:
    total = 0
    for ch in s:
        total = total * 131 + ord(ch)
    return total


def digits(x: int) -> int:
    t = str(x * 37 - 50)
    return len(t) * 1000 + code_sum(t) % 997


def labelled(x: int, s: str) -> int:
    t = f"<{x}|{s}>" + str(x < 0)
    assert t != "<1|a>False"
    return code_sum(t) % 100003


def repeated(s: str, x: int) -> int:
    t = f"{s}{s!s}{x!r}{{}}"
    return len(t) * 7 + ord(t[-1])


def first_digit(x: int) -> int:
    return ord(str(x)[0])


def keyed_total(d: dict[str, int]) -> int:
    total = 0
    for k in d:
        total = total * 5 + d[k] + len(k)
    return total


def keyed_items(d: dict[str, int], s: str) -> int:
    best = -100
    for k, v in d.items():
        if k == s:
            return v * 1000 + d[k]
        if v > best:
            best = v + d[k]
    return best


def keyed_keys(d: dict[str, int]) -> int:
    n = 0
    for k in d.keys():
        n = n * 3 + len(f"{k}:{d[k]}")
        if k == "ab":
            break
    return n

