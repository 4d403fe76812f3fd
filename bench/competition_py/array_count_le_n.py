# expect: prove=yes terminates=yes
"""Array task: the number of positive cells counted in a loop is between 0 and n."""


def main(a: list[int]) -> int:
    n = len(a)
    c = 0
    for x in a:
        if x > 0:
            c += 1
    assert 0 <= c <= n
    return c
