def f(a: list[int]) -> list[int]:
    return a[::-1]
