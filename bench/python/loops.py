"""Python functions for the CrossHair comparison; each says its expected answer.

Leading `assert isinstance(...)` lines are preconditions for both tools.
"""


def count_to(n):
    # expect: yes (a loop: the counter ends exactly at n)
    assert isinstance(n, int)
    if n < 0:
        return 0
    i = 0
    while i < n:
        i += 1
    assert i == n
    return i


def sum_closed_form(n):
    # expect: yes (non-linear invariant 2*s == i*(i+1))
    assert isinstance(n, int)
    if n < 0:
        return 0
    s = 0
    for i in range(n + 1):
        s += i
    assert 2 * s == n * (n + 1)
    return s


def countdown_off_by_one(n):
    # expect: no (the loop stops at 1, not 0, when n is positive)
    assert isinstance(n, int)
    while n > 1:
        n -= 1
    assert n <= 0
    return n


def floor_mod_sign(x, m):
    # expect: no (Python's % takes the sign of the divisor: m < 0 gives r <= 0)
    assert isinstance(x, int) and isinstance(m, int)
    if m == 0:
        return 0
    r = x % m
    assert r >= 0
    return r


def deep_bug(x):
    # expect: no (only one input of 2**64 fails)
    assert isinstance(x, int)
    if x * 3 + 7 == 1000000000000000000003:
        assert False
    return x


def gcd_positive(a, b):
    # expect: yes (Euclid keeps both positive; assertion on the result)
    assert isinstance(a, int) and isinstance(b, int)
    if a <= 0 or b <= 0:
        return 1
    while b != 0:
        a, b = b, a % b
    assert a > 0
    return a


def two_counters(n):
    # expect: yes (x and y move together)
    assert isinstance(n, int)
    x = 0
    y = 0
    while x < n:
        x += 1
        y += 1
    assert x == y or n < 0
    return y


def divide_by_difference(a, b):
    # expect: no (a == b divides by zero)
    assert isinstance(a, int) and isinstance(b, int)
    return 100 // (a - b)
