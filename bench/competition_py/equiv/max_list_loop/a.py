def f(a: list[int]) -> int:
    if len(a) == 0:
        return 0
    m = a[0]
    for x in a:
        if x > m:
            m = x
    return m
