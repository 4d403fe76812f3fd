def f(a: list[int], t: int) -> int:
    for i in range(len(a)):
        if a[i] == t:
            return i
    return -1
