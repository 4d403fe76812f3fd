# expect: no -- tabs are removed too
def g(s: str) -> str:
    out = ""
    for c in s:
        if c != " " and c != "\t":
            out += c
    return out
