"""Module globals changed through `global` in helpers (C globals, translated): each function is
run from a freshly imported module, in CPython and through the lowered IR."""

count = 0
total = 10
limit = 3 * 4
step = -1


def tick() -> None:
    global count
    count += 1


def add(v: int) -> int:
    global total
    total += v
    return total


def first_over(n: int) -> int:
    global count
    i = 0
    while i < n:
        count += 1
        if count * 3 > limit:
            return i
        i += 1
    return -1


def nested(n: int) -> int:
    tick()
    r = first_over(n)
    tick()
    return r + count


def shadow(x: int) -> int:
    count = x * 2
    tick()
    return count


def reader(x: int) -> int:
    if x > 2:
        tick()
    return count + total


def loop_ticks(n: int) -> int:
    for _ in range(n % 7):
        tick()
        if count > 4:
            break
    assert count <= 4
    return count


def divide(x: int) -> int:
    global step
    step += 1
    return x // step


def stale(a: int, b: int) -> int:
    before = total
    add(a)
    after = add(b)
    assert after >= before
    return after - before


def chained(x: int) -> int:
    return add(add(x) - total)


def lazy(n: int) -> int:
    y = 1 + add(n) if n > 2 else total
    z = n > 5 and add(-n) > 0
    return y + total + int(z)


SIZE = 4
cells = [0] * SIZE
used = 0
weights = [3, -1, 4]


def push(v: int) -> int:
    global used
    if used >= len(cells):
        return -1
    cells[used] = v
    used += 1
    return used


def push_all(a: int, b: int) -> int:
    push(a)
    push(b)
    push(a + b)
    cells[used - 1] += weights[used % 3]
    return cells[0] + cells[1] + cells[2]


def unchecked(i: int, v: int) -> int:
    cells[i] = v
    push(v)
    return cells[0] * 10 + used


def weighted(n: int) -> int:
    s = 0
    for i in range(n):
        if push(i) < 0:
            break
        s += weights[i % len(weights)] * cells[i]
    return s


def via_calls(a: int) -> int:
    for k in range(a % 6):
        push(k * a)
    return used
