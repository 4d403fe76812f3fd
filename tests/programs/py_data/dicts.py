"""Dict functions for the differential test (tests/test_python_data_frontend.py)."""


def tally(xs: list[int]) -> int:
    counts: dict[int, int] = {}
    for x in xs:
        counts[x] = counts.get(x, 0) + 1
    assert sum(counts.values()) == len(xs)
    n = 0
    for k, v in counts.items():
        n = n * 7 + k * v
    return n * 10 + len(counts)


def lookup(d: dict[int, int], k: int) -> int:
    if k in d:
        return d[k]
    n = 0
    for key in d:
        n += key * d[key]
    return n + len(d)


def strict(d: dict[int, int], k: int) -> int:
    v = d[k]
    d[k] += 1
    del d[k + 1]
    return v + d.pop(k) + d.pop(k, 5) + len(d)


def literal(a: int) -> int:
    d = {1: a, 2: a + 1, 1: 7}
    s = 0
    for v in d.values():
        s = s * 10 + v
    if d:
        s += max(d.keys())
    d.clear()
    return s + len(d)


def flags(d: dict[int, bool], k: int) -> int:
    if d.get(k, False):
        return 1
    if not d:
        return 2
    return 3 + sum(1 for v in d.values() if v)


def walked_lookups(d: dict[int, int]) -> int:
    total = 0
    for k in d:
        total = total * 3 + d[k] - k
    for k, v in d.items():
        total += v * d[k]
        k = 0
        total += d.get(k, 5)
    return total


def guarded_lookups(d: dict[int, int], k: int) -> int:
    total = 0
    if k in d:
        total += d[k]
        d[k] += 2
        d[k + 1] = 5
        total += d[k] * 3
    if k not in d:
        total -= 1
    elif k > 0:
        total += d[k]
    else:
        total += d[k] * 2
        d.pop(k)
        total += d.get(k, 7)
    j = k - 1
    if j in d:
        del d[k]
        total += d[j]
    return total
