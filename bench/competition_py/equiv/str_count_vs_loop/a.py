def f(s: str) -> int:
    n = 0
    for c in s:
        if c == "a":
            n += 1
    return n
