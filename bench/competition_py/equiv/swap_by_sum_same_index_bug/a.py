def f(a: list[int], i: int, j: int) -> int:
    if 0 <= i < len(a) and 0 <= j < len(a):
        t = a[i]
        a[i] = a[j]
        a[j] = t
    return 0
