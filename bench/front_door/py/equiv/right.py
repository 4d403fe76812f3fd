"""Right sides: the same functions written another way, some with a translation bug."""
import sys


def sum_to(n: int) -> int:
    if n < 0 or n > 1000:
        return 0
    return n * (n + 1) // 2


def wrap_add(x: int, y: int) -> int:
    return (x + y) % 4294967296


def scaled(x: int) -> int:
    return 10 * x + 1


def to_int32(v: int) -> int:
    return (v + 2**31) % 2**32 - 2**31


def to_int32_off_by_one(v: int) -> int:
    v = v % 4294967296
    if v > 0x80000000:
        v -= 0x100000000
    return v


def c_div(a: int, b: int) -> int:
    if b == 0:
        return 0
    return a // b


def c_div_exits(a: int, b: int) -> int:
    if b == 0:
        sys.exit(1)
    q = abs(a) // abs(b)
    return -q if (a < 0) != (b < 0) else q
