# expect: prove=no/unknown terminates=yes
"""An accumulating loop whose sum leaves the 32-bit range for a large n."""


def main(n: int) -> int:
    if n < 0 or n > 100000:
        return 0
    s = 0
    i = 0
    while i < n:
        s += i
        assert s <= 2147483647
        i += 1
    return s
