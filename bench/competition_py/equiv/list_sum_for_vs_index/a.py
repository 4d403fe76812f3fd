def f(a: list[int]) -> int:
    s = 0
    for x in a:
        s += x
    return s
