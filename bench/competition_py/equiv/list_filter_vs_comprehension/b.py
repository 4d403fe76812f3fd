# expect: yes -- the positive elements, by a filtering comprehension
def g(a: list[int]) -> list[int]:
    return [x for x in a if x > 0]
