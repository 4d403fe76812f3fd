def f(a: list[int]) -> list[int]:
    out = []
    for x in a:
        if x > 0:
            out.append(x)
    return out
