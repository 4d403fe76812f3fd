# expect: no -- the copy is reversed but the argument is left as it was
def g(xs: list[int]) -> list[int]:
    out = []
    for i in range(len(xs)):
        out.append(xs[len(xs) - 1 - i])
    return out
