# expect: yes -- a search loop with break vs a flag in the loop condition
def g(n: int, k: int) -> int:
    i = 0
    found = -1
    while i < n and found < 0:
        if i * i >= k:
            found = i
        i += 1
    return found
