# expect: no -- a one-element list loses its element here, not in f
def g(a: list[int]) -> list[int]:
    return a[:-1]
