def f(xs: list[int]) -> list[int]:
    out = []
    for x in xs:
        out.append(2 * x + 1)
    return out
