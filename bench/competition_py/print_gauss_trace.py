# expect: prove=yes terminates=yes
"""A translated loop that traces its state with print() calls, as a translator keeps the C printf lines."""


def main(n: int) -> int:
    if not (0 <= n <= 1000):
        return 0
    i = 0
    s = 0
    while i < n:
        i += 1
        s += i
        print(f"i={i} s={s}")
    print("sum:", s, sep=" ")
    assert 2 * s == n * (n + 1)
    return s
