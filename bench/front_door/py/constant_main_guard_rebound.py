# expect: prove=unknown terminates=unknown
"""A constant the script part rebinds before calling main is not a constant."""
N = 4


def main(x: int) -> int:
    if x < 0 or x > N:
        return 0
    assert x <= 4
    return x


if __name__ == "__main__":
    N = 9
    main(7)
