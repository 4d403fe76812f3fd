def f(a: list[int]) -> int:
    best = 0
    for i in range(len(a)):
        if a[i] > a[best]:
            best = i
    return best
