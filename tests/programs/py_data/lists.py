"""List functions for the differential test (tests/test_python_data_frontend.py):
each runs under CPython and through the lowered IR, with the same outcome."""


def first(xs: list[int]) -> int:
    return xs[0]


def last(xs: list[int]) -> int:
    return xs[-1]


def at(xs: list[int], i: int) -> int:
    return xs[i]


def set_at(xs: list[int], i: int, v: int) -> int:
    xs[i] = v
    return xs[i] + len(xs)


def bump(xs: list[int], i: int) -> int:
    xs[i] += 3
    return sum(xs)


def swap_ends(xs: list[int]) -> int:
    xs[0], xs[-1] = xs[-1], xs[0]
    return xs[0] - xs[-1]


def total(xs: list[int]) -> int:
    s = 0
    for x in xs:
        s += x
    assert s == sum(xs)
    return s


def mean(xs: list[int]) -> int:
    return sum(xs) // len(xs)


def smallest(xs: list[int]) -> int:
    return min(xs) * 10 + max(xs)


def pops(xs: list[int], i: int) -> int:
    a = xs.pop()
    b = xs.pop(i)
    return a * 100 + b * 10 + len(xs)


def inserts(xs: list[int], i: int, v: int) -> int:
    xs.insert(i, v)
    return xs[0] * 1000 + xs[-1] * 10 + len(xs)


def grow(n: int) -> int:
    ys = []
    for i in range(n):
        ys.append(i * i)
    return sum(ys) + len(ys)


def zeros(n: int) -> int:
    ys = [0] * n
    if n > 2:
        ys[2] = 7
    return sum(ys) + len(ys)


def member(xs: list[int], v: int) -> int:
    if v in xs:
        return 1
    if v + 1 not in xs:
        return 2
    return 3


def enumerate_weights(xs: list[int]) -> int:
    s = 0
    for i, x in enumerate(xs, 1):
        s += i * x
    return s


def pairs(xs: list[int], ys: list[int]) -> int:
    s = 0
    for a, b in zip(xs, ys):
        s += a * b
    return s


def indices(xs: list[int]) -> int:
    s = 0
    for i in range(len(xs)):
        s += xs[i] * i
        xs.append(1)
    return s + len(xs)


def comprehension(xs: list[int]) -> int:
    ys = [x * 2 for x in xs if x > 0]
    zs = [i for i in range(len(ys))]
    return sum(ys) + sum(zs) * 100 + len(zs)


def slices(xs: list[int], a: int, b: int) -> int:
    ys = xs[a:b]
    zs = xs[::-1]
    ws = xs[1::2]
    vs = xs[b:a:-1]
    us = xs[:a]
    return sum(ys) + 10 * sum(zs[:2]) + 100 * len(ws) + 1000 * len(vs) + 10000 * len(us)


def sort_check(xs: list[int]) -> int:
    ys = sorted(xs)
    zs = sorted(xs, reverse=True)
    for i in range(len(ys) - 1):
        assert ys[i] <= ys[i + 1]
    return ys[0] * 10 + zs[0]


def concat(xs: list[int], ys: list[int]) -> int:
    zs = xs + ys + [5]
    zs += xs
    zs.extend(ys)
    zs.extend(zs)
    return len(zs) * 100 + len(xs) + zs[-1]


def literal(a: int, b: int) -> int:
    xs = [a, b, a + b]
    return xs[a % 3] + len(xs)


def flags(bs: list[bool]) -> int:
    n = 0
    for b in bs:
        if b:
            n += 1
    if any(bs) and not all(bs):
        n += 100
    return n


def truthiness(xs: list[int]) -> int:
    if xs:
        return xs.pop() + len(xs)
    return -1


def mutate_in_loop(xs: list[int]) -> int:
    n = 0
    for x in xs:
        n += 1
        if x > 0 and len(xs) < 6:
            xs.append(x - 1)
    return n


def binary_search(xs: list[int], target: int) -> int:
    lo = 0
    hi = len(xs)
    while lo <= hi:
        mid = (lo + hi) // 2
        if xs[mid] == target:
            return mid
        if xs[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1


def helper_sum(xs: list[int]) -> int:
    return sum(xs)


def calls_helper(xs: list[int]) -> int:
    return helper_sum(xs) + helper_sum([1, 2]) + len(xs)


def clear_and_copy(xs: list[int]) -> int:
    ys = list(xs)
    zs = xs.copy()
    xs.clear()
    return len(ys) * 10 + len(zs) + len(xs)


def item_then_pop(xs: list[int]) -> int:
    return xs[0] + xs.pop() * 2 + len(xs)


def returns_list(xs: list[int]) -> list[int]:
    return [x + 1 for x in xs if x % 2 == 0]


def pick(t: tuple[int, int, int], i: int) -> int:
    a, b, c = t
    return t[i] * 100 + a - c + len(t) + t[-1]


def swap_pair(t: tuple[int, bool]) -> int:
    a, b = t
    u = (a + 1, b)
    if u[1]:
        return u[0]
    return -u[0]


def optional_step(x: int | None, k: int) -> int:
    if x is None:
        return k
    if x == 3 or x != k:
        return x * 2 + k
    return x - k


def optional_careless(x: int | None) -> int:
    assert x != 4
    return x + 1


def optional_order(x: int | None, y: int) -> int:
    if 0 <= y < x:
        return 1
    return -x if y > 3 else y % 3 - (y // 2) * 7


def tuple_arg(t: tuple[int, int]) -> int:
    return pick((t[0], t[1], 5), t[0] % 3) + optional_step(None, t[1]) + optional_step(t[0], 2)


def generators(xs: list[int], k: int) -> int:
    s = sum(x * x for x in xs if x != k)
    if all(xs[i] <= xs[i + 1] for i in range(len(xs) - 1)):
        s += 1000
    if any(x == k for x in xs):
        s += 100
    return s + sum((x for x in xs), k)


def lazy_all(xs: list[int], n: int) -> int:
    if all(xs[i] > 0 for i in range(n)):
        return 1
    return 0


def guards(xs: list[int], t: tuple[int, ...]) -> int:
    assert isinstance(xs, list)
    if isinstance(t, tuple) and not isinstance(xs, tuple):
        return len(t) + len(xs)
    return -1


def methods(xs: list[int], v: int) -> int:
    n = xs.count(v)
    i = xs.index(v)
    xs.remove(v)
    xs.reverse()
    xs.sort()
    ys = sorted(xs, reverse=True)
    ys.sort(reverse=True)
    del ys[0]
    same = xs[::-1] == sorted(xs, reverse=True)
    return n * 1000 + i * 100 + len(ys) * 10 + int(same) + sum(x for x in reversed(xs) if x > v)


def equal_lists(xs: list[int], ys: list[int]) -> int:
    if xs == ys:
        return 1
    if xs[:1] != ys[:1]:
        return 2
    return 3
