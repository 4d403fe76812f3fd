# expect: no -- counting positives against counting non-negatives: differs on a list holding 0
def g(a: list[int]) -> int:
    return sum(1 for x in a if x >= 0)
