def f(a: list[int]) -> int:
    for i in range(len(a)):
        a[i] = a[i] * 2
    return len(a)
