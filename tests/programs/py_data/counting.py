"""reversed(range(...)) and divmod: every function is run under CPython and through the lowered IR on
the same Hypothesis-generated inputs."""


def countdown(a: int, b: int) -> int:
    s = 0
    for i in reversed(range(a, b, 3)):
        s = s * 100 + i
    for j in reversed(range(b, a, -2)):
        s = s * 100 + j
    for k in reversed(range(b)):
        s = s * 7 + k
        b = b - 1
    return s


def quotient_and_remainder(a: int, b: int) -> int:
    q, r = divmod(a, b)
    q2, r2 = divmod(b, 3)
    return (q * 10 + r) * 100 + q2 * 10 + r2


def lists_ordered(a: int, b: int) -> int:
    xs = [a, b]
    ys = [b]
    return int(xs < ys) + 2 * int(ys <= xs) + 4 * int(xs[:a] > xs) + 8 * int([a] >= [b, a])
