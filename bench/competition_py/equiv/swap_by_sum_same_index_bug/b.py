# expect: no -- the exchange by sums and differences clears an element exchanged with itself
def g(a: list[int], i: int, j: int) -> int:
    if 0 <= i < len(a) and 0 <= j < len(a):
        a[i] = a[i] + a[j]
        a[j] = a[i] - a[j]
        a[i] = a[i] - a[j]
    return 0
