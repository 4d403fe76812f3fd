# expect: prove=no terminates=yes
"""printf("%d %d\n", i, a[i]) translated with %-formatting; the trace prints one cell past the end."""


def main(a: list[int]) -> int:
    total = 0
    i = 0
    while i <= len(a):
        print("%d: %5d" % (i, a[i]))
        total += a[i]
        i += 1
    return total
