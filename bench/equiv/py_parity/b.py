# expect: yes -- odd by remainder vs by bit mask (Python's & on negative ints too)
def g(x: int) -> bool:
    return x & 1 == 1
