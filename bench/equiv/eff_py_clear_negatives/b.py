# expect: yes -- the same clearing, counted from the end
def g(xs: list[int]) -> int:
    n = 0
    i = len(xs)
    while i > 0:
        i -= 1
        if xs[i] < 0:
            xs[i] = 0
            n += 1
    return n
