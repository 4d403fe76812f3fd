# expect: prove=no terminates=yes
"""while True with two exits; the assertion misses the second one."""


def main(a: int, b: int) -> int:
    if a < 0 or b < 0 or a > 30 or b > 30:
        return 0
    while True:
        if a == 0:
            break
        if b == 0:
            break
        a -= 1
        b -= 1
    assert a == 0
    return 0
