"""Optional locals and dicts with string keys, for the differential test (tests/test_python_data_nested.py)."""

from typing import Optional


def get_or(d: dict[str, int], key: str, default: Optional[int]) -> int:
    value = d.get(key)
    if value is None:
        value = default
    if value is None:
        return -1
    return value + 1


def plus_one(x: Optional[int], y: int) -> int:
    z = x
    if y > 2:
        z = None
    return z + 1


def count_words(s: str) -> int:
    counts: dict[str, int] = {}
    for w in s.split(" "):
        counts[w] = counts.get(w, 0) + 1
    total = 0
    for n in counts.values():
        total = total * 7 + n
    return total * 10 + len(counts)


def lookup(d: dict[str, int], key: str) -> int:
    return d[key] * 2 + ("a" in d)


def remove(d: dict[str, int], key: str) -> int:
    del d[key]
    return len(d) * 100 + d.get("b", 7)


def pop_or(d: dict[str, int], key: str) -> int:
    v = d.pop(key, -5)
    d[key + "x"] = v
    d[key + "x"] += 1
    return len(d) + d["ax"]


def narrowed(x: Optional[int], y: Optional[int]) -> int:
    z = 0 if x is None else x * 2
    if x is not None:
        z += x
    elif y is None:
        z -= 1
    else:
        z = z * 10 + y
    return z
