# expect: yes -- the same in-place increment, by a while loop
def g(xs: list[int]) -> None:
    i = 0
    while i < len(xs):
        xs[i] = xs[i] + 1
        i = i + 1
