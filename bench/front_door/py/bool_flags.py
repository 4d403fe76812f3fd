# expect: prove=yes terminates=yes
"""A translated state machine over a bool flag."""


def main(flag: bool, n: int) -> int:
    if n < 0 or n > 50:
        return 0
    x = 0
    y = 0
    i = 0
    while i < n:
        if flag:
            x += 1
        else:
            y += 1
        i += 1
    assert x + y == n
    return 0
