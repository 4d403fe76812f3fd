def f(x: int, y: int) -> int:
    def dist(a: int, b: int) -> int:
        return a - b if a > b else b - a

    return dist(x, y) + dist(y, 0)
