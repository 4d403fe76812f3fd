# expect: no -- the index of the first maximum against the last one (ties: [1, 1])
def g(a: list[int]) -> int:
    best = 0
    for i in range(len(a)):
        if a[i] >= a[best]:
            best = i
    return best
