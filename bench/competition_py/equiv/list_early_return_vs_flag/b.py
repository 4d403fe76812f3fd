# expect: yes -- a search with an early return against a flag and a while loop
def g(a: list[int], t: int) -> int:
    found = -1
    i = 0
    while i < len(a) and found < 0:
        if a[i] == t:
            found = i
        i += 1
    return found
