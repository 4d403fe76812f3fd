# expect: no -- differs only after 60 iterations (n >= 61)
def g(n: int) -> int:
    s = 0
    for i in range(n):
        if i < 60:
            s += i
        else:
            s += i + 1
    return s
