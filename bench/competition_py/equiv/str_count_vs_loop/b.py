# expect: no -- counting 'a' by a loop against a count that also adds one for a final 'b'
def g(s: str) -> int:
    return s.count("a") + (1 if s.endswith("b") else 0)
