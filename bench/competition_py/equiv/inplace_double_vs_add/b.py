# expect: yes -- doubling in place by multiplication and by addition
def g(a: list[int]) -> int:
    n = 0
    while n < len(a):
        a[n] += a[n]
        n += 1
    return n
