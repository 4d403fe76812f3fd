# expect: prove=yes
def twice(v: int) -> int:
    return v + v


def main() -> int:
    i = 0
    while True:
        if i >= 10:
            break
        i = i + 1
    assert twice(i) == 20
    return 0
