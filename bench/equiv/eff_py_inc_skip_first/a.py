def f(xs: list[int], k: int) -> int:
    for i in range(len(xs)):
        xs[i] = xs[i] * k
    return len(xs)
