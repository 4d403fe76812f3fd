"""Left sides of the Python translations compared by `verify equiv` (see tests/test_python_front_door.py)."""
MASK32 = 0xFFFFFFFF
N = 10


def sum_to(n: int) -> int:
    if n < 0 or n > 1000:
        return 0
    s = 0
    i = 1
    while i <= n:
        s += i
        i += 1
    return s


def wrap_add(x: int, y: int) -> int:
    return (x + y) & MASK32


def scaled(x: int) -> int:
    return x * N + 1


def to_int32(v: int) -> int:
    v = v & MASK32
    if v >= 0x80000000:
        v -= 0x100000000
    return v


def c_div(a: int, b: int) -> int:
    if b == 0:
        return 0
    q = abs(a) // abs(b)
    if (a < 0) != (b < 0):
        return -q
    return q
