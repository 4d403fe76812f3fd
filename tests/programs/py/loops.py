"""Loops, calls and recursion in verify's Python subset.

`for ... in range(...)` with steps of both signs, `continue`/`break`, `while`
with conditions that divide or call, tuple assignment, the loop variable after
the loop, recursion and calls between functions.
"""

from verifier import assume


def sum_down(n: int) -> int:
    assume(n <= 1000)
    s = 0
    for i in range(n, 0, -1):
        if i % 3 == 0:
            continue
        s += i
    assert s >= 0
    return s + i if n > 0 else s  # i is 1 after a loop that ran


def steps(a: int, b: int) -> int:
    assume(-100 <= a <= 100 and -100 <= b <= 100)
    count = 0
    last = 0
    for k in range(a, b, 3):
        count += 1
        last = k
        if count > 20:
            break
    for k in range(b, a - 1, -2):
        count -= 1
        k = 99  # does not change the iteration
    return count * 1000 + last


def fib(n: int) -> int:
    assume(n <= 200)
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    assert a >= 0
    return a


def swap_sort(x: int, y: int, z: int) -> int:
    if x > y:
        x, y = y, x
    if y > z:
        y, z = z, y
    if x > y:
        x, y = y, x
    assert x <= y <= z
    return x * 10000 + y * 100 + z


def collatz(n: int) -> int:
    assume(n > 0)
    count = 0
    while n != 1 and count < 500:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        count += 1
    return count


def digits(n: int) -> int:
    count = 1
    n = abs(n)
    while n // 10 > 0:
        n //= 10
        count += 1
    return count


def first_square_above(limit: int) -> int:
    assume(limit < 10_000)
    i = 0
    while True:
        i += 1
        if i * i <= limit:
            continue
        break
    return i


def triangle(n: int) -> int:
    assume(n <= 60)
    total = 0
    for i in range(1, n + 1):
        for j in range(i):
            if j > 5:
                break
            total += j
    return total


def gcd(a: int, b: int) -> int:
    if b == 0:
        return abs(a)
    return gcd(b, a % b)


def lcm(a: int, b: int) -> int:
    """ZeroDivisionError when a == b == 0 (gcd is 0)."""
    return abs(a * b) // gcd(a, b)


def countdown(n: int) -> int:
    """Divides by zero when the loop reaches d == 0 (n > 0 and n % 4 == 0)."""
    assume(n < 1000)
    total = 0
    d = n
    while d > 0:
        total += 100 // (d % 4)
        d -= 1
    return total
