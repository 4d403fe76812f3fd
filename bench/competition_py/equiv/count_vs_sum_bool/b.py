# expect: yes -- a counting loop against sum of a generator of 0/1
def g(a: list[int]) -> int:
    return sum(1 for x in a if x % 2 == 0)
