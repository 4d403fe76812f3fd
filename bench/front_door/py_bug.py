# expect: prove=no
def main(n: int) -> None:
    if n < 0 or n > 10:
        return
    s = 0
    for i in range(n):
        s += 2
    assert s != 14
