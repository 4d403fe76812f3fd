def f(xs: list[int]) -> int:
    n = 0
    for i in range(len(xs)):
        if xs[i] < 0:
            xs[i] = 0
            n += 1
    return n
