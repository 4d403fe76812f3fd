# expect: yes -- // 4 against >> 2 (both floor on negatives)
def g(x: int) -> int:
    return x >> 2
