# expect: yes -- a[::-1] against a loop from the end
def g(a: list[int]) -> list[int]:
    out = []
    i = len(a) - 1
    while i >= 0:
        out.append(a[i])
        i -= 1
    return out
