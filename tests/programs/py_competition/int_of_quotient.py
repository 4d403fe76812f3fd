"""int(a / b): C's truncating division as Python translations write it."""


def plain(a: int, b: int) -> int:
    return int(a / b)


def scaled(a: int, b: int) -> int:
    return int(a * 3 / b) + int((a - b) / 2)


def of_bools(a: int, b: int) -> int:
    return int((a > b) / 1) + int(a / (b != 0 or 1))
