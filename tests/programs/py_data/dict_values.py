"""Dicts of strings and of lists (dict[str, str], dict[str, list[int]]): every function is run
under CPython and through the lowered IR on the same Hypothesis-generated inputs."""


def lookup(d: dict[str, str], k: str) -> int:
    return len(d[k])


def first_char(d: dict[str, str], k: str) -> int:
    if k in d:
        return ord(d[k][0])
    return -1


def rename(d: dict[str, str], k: str) -> int:
    name = d.get(k, k + "!")
    return len(name) * 10 + len(d)


def longest_value(d: dict[str, str]) -> int:
    best = -1
    for k, v in d.items():
        if len(v) > best:
            best = len(v)
    return best


def count_values(d: dict[str, str], target: str) -> int:
    n = 0
    for v in d.values():
        if v == target:
            n += 1
    return n


def keys_matching(d: dict[str, str]) -> int:
    n = 0
    for k in d:
        if d[k] == k:
            n += 1
    return n


def swap(d: dict[str, str], k: str, v: str) -> int:
    d[k] = v
    d[v] = k
    return len(d[k]) + 10 * len(d)


def invert(d: dict[str, str]) -> int:
    out: dict[str, str] = {}
    for k, v in d.items():
        out[v] = k
    return len(out) + len(out[""])


def remove(d: dict[str, str], k: str) -> int:
    del d[k]
    return len(d)


def total(d: dict[str, list[int]], k: str) -> int:
    s = 0
    for x in d[k]:
        s += x
    return s


def item(d: dict[str, list[int]], k: str, i: int) -> int:
    return d[k][i]


def group(xs: list[int], names: list[str]) -> int:
    g: dict[str, list[int]] = {}
    for i in range(len(xs)):
        name = names[i]
        if name not in g:
            g[name] = []
        g[name].append(xs[i])
    return len(g) + sum(g["a"])


def sizes(d: dict[str, list[int]]) -> int:
    n = 0
    for k, v in d.items():
        n += len(v) * 10 + len(k)
    for v in d.values():
        if v:
            n += v[-1]
    return n


def add_to(words: list[str], k: str, x: int) -> int:
    d: dict[str, list[int]] = {}
    for w in words:
        d[w] = [len(w), x]
    d[k].append(x)
    return len(d[k]) + d[k][0] * 10 + d[k][-1] * 100


def default_list(d: dict[str, list[int]], k: str) -> int:
    return sum(d.get(k, [7, 8]))


def by_index(d: dict[int, str], i: int) -> int:
    for k, v in d.items():
        if k == i:
            return len(v)
    return len(d[i + 1])


def pop_value(d: dict[str, str], k: str) -> int:
    v = d.pop(k)
    return len(v) * 10 + len(d)


def pop_default(d: dict[str, list[int]], k: str) -> int:
    v = d.pop(k, [9])
    return sum(v) * 10 + len(d)


def set_default(d: dict[str, str], k: str) -> int:
    v = d.setdefault(k, "ab")
    return len(v) * 10 + len(d) + len(d[k]) * 100


def group_setdefault(xs: list[int], names: list[str]) -> int:
    g: dict[str, list[int]] = {}
    for i in range(len(xs)):
        g.setdefault(names[i], []).append(xs[i])
    return len(g) + sum(g["a"])


def extend_value(words: list[str], k: str) -> int:
    d: dict[str, list[int]] = {}
    for w in words:
        d[w] = [len(w)]
    d[k] += [1, 2]
    return len(d[k]) + d[k][0] * 10 + len(d) * 100


def append_text(d: dict[str, str], k: str, t: str) -> int:
    d[k] += t
    d[t] += k
    return len(d[k]) + 10 * len(d)


def count_default(d: dict[str, int], k: str) -> int:
    n = d.setdefault(k, 7)
    d.setdefault(k + "x", n)
    return n + 10 * len(d) + d[k + "x"]


def maybe_value(d: dict[str, str], k: str) -> int:
    v = d.get(k)
    if v is None:
        v = "zz"
    w = d.get(k + "a")
    n = 0
    if w is not None:
        n = len(w)
    if d.get("b") is None:
        n += 100
    if w == "ab" or w != "b":
        n += 1000
    if w:
        n += 10000
    return len(v) * 10 + n


def maybe_list(d: dict[str, list[int]], k: str) -> int:
    v = d.get(k)
    if v is None:
        return -1
    return sum(v) + 10 * len(v)
