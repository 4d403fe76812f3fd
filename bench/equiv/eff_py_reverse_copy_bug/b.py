# expect: no -- the first element is left out of the reversed copy
def g(xs: list[int]) -> list[int]:
    out = []
    for i in range(1, len(xs)):
        out.append(xs[len(xs) - i])
    return out
