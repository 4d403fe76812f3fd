# expect: prove=no terminates=yes
"""A debug print that reads one cell past the end of the list it reports on."""


def main(a: list[int]) -> int:
    total = 0
    for i in range(len(a)):
        total += a[i]
    print("last", a[len(a) - 1], "total", total)
    return total
