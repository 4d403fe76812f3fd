# expect: no -- the first element is never scaled (the results agree, the list does not)
def g(xs: list[int], k: int) -> int:
    i = 1
    while i < len(xs):
        xs[i] = xs[i] * k
        i += 1
    return len(xs)
