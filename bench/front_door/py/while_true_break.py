# expect: prove=yes terminates=yes
"""while(1) { if (..) break; } as while True."""


def main(n: int) -> int:
    if n < 1 or n > 200:
        return 0
    x = n
    steps = 0
    while True:
        if x <= 1:
            break
        x -= 1
        steps += 1
    assert steps == n - 1
    return steps
