def f(a: list[int]) -> list[int]:
    out = []
    for x in a:
        out.append(x)
    if len(out) > 1:
        out.pop()
    return out
