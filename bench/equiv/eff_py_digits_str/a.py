def f(s: str) -> str:
    out = ""
    for c in s:
        if c != " ":
            out = out + c
    return out
