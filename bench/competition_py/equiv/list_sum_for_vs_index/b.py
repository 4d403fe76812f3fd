# expect: yes -- a for-each sum against an index loop over a list parameter
def g(a: list[int]) -> int:
    s = 0
    i = 0
    while i < len(a):
        s = s + a[i]
        i += 1
    return s
