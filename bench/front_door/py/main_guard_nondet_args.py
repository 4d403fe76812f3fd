# expect: prove=no terminates=yes
"""A script whose main takes the nondeterministic values; the guard calls it with samples."""


def main(a: int, b: int) -> int:
    c = 0
    if a > 10:
        if b > a:
            c = a + b
    assert c != 33
    return c


if __name__ == "__main__":
    main(1, 2)
