# expect: yes -- max() against a scan
def g(a: list[int]) -> int:
    if not a:
        return 0
    return max(a)
