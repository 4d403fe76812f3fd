def f(n: int, k: int) -> int:
    found = -1
    for i in range(n):
        if i * i >= k:
            found = i
            break
    return found
