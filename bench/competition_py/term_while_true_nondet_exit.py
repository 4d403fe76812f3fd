# expect: terminates=no
"""while True whose break depends on x hitting exactly 10 while x steps by 3."""


def main(x: int) -> int:
    while True:
        if x == 10:
            break
        x += 3
    return x
