# expect: no -- `<=` instead of `<`: one iteration too many
def g(xs: int, n: int) -> int:
    count = 0
    i = 0
    while i <= n:
        if (xs + i) % 3 == 0:
            count += 1
        i += 1
    return count
