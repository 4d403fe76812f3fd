# expect: yes -- sign as a difference of comparisons
def g(x: int) -> int:
    return int(x > 0) - int(x < 0)
