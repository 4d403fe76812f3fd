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
