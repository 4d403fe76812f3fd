# expect: prove=no terminates=yes
"""A C global flag set by a helper; main wrongly expects it to stay clear."""
flag = 0


def check(x: int) -> None:
    global flag
    if x > 1000:
        flag = 1


def main(x: int) -> int:
    check(x)
    assert flag == 0
    return 0
