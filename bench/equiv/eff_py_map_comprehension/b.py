# expect: yes -- the loop that appends, as a comprehension
def g(xs: list[int]) -> list[int]:
    return [x + x + 1 for x in xs]
