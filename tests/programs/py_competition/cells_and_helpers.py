"""Competition-style translations: cells of a list of lists (``g[i][j]``) and nested helpers.

Run by tests/test_python_competition.py under CPython and through the lowered IR on
generated inputs; both must agree (the same int returned, or the same exception at the same line).
"""


def grid_fill(n: int, m: int, i: int, j: int) -> int:
    if n < 0 or n > 3 or m < 0 or m > 3:
        return -1
    g = [[0] * m for _ in range(n)]
    for r in range(n):
        for c in range(m):
            g[r][c] = r * 10 + c
    g[i][j] += 100
    return g[i][j] + len(g[i])


def grid_rows_appended(n: int, i: int, j: int, v: int) -> int:
    g: list[list[int]] = []
    for r in range(n % 4):
        g.append([r] * (r + 1))
    g[i][j] = v
    total = 0
    for r in range(len(g)):
        total += sum(g[r])
    return total


def grid_swap(a: int, b: int, i: int, j: int) -> int:
    g = [[a, b], [b, a]]
    g[0][i], g[1][j] = g[1][j], g[0][i]
    return g[0][0] * 1000 + g[0][1] * 100 + g[1][0] * 10 + g[1][1]


def helper_late_binding(x: int) -> int:
    lo = 0
    hi = 10

    def clamp(v: int) -> int:
        """Bounds read when called."""
        if v < lo:
            return lo
        elif v > hi:
            return hi
        return v

    first = clamp(x)
    hi = 5
    return first * 100 + clamp(x)


def helper_in_loop_and_comprehension(n: int, d: int) -> int:
    i = 7

    def step(v: int) -> int:
        return v // d + i

    xs = [step(i) for i in range(n % 5)]
    total = 0
    for k in range(len(xs)):
        total += step(xs[k])
    return total


def helper_bool(x: int, y: int) -> int:
    def between(v: int, a: int, b: int) -> bool:
        return a <= v and v <= b

    count = 0
    for k in range(x % 6):
        if between(k, y, y + 2):
            count += 1
    return count


def digit_chain(x: int) -> int:
    s = "a0b9z"
    ch = s[x % 5]
    if "0" <= ch <= "9":
        return 1
    return 3 if "a" < ch < "z" else 2


def in_ranges(x: int, a: int, b: int) -> int:
    found = 0
    if x in range(a, b):
        found += 1
    if x not in range(b):
        found += 10
    if x in range(b, a, -2):
        found += 100
    if x in range(a, b + 3, 3):
        found += 1000
    return found + pow(x, 2) + pow(a, 3)


def range_lists(a: int, b: int) -> int:
    xs = list(range(a % 5))
    ys = list(range(a, b))
    zs = list(range(b, a, -2))
    return len(xs) * 10000 + sum(ys) * 100 + sum(zs) + (zs[0] if zs else 7)
