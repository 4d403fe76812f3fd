def f(xs: list[int]) -> None:
    for i in range(len(xs)):
        xs[i] += 1
