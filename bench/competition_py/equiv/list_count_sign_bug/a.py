def f(a: list[int]) -> int:
    c = 0
    for x in a:
        if x > 0:
            c += 1
    return c
