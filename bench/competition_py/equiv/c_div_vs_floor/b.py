# expect: no -- C's truncating x / 2 (int of a float) against Python's floor x // 2
def g(x: int) -> int:
    return x // 2 if abs(x) < 2**52 else 0
