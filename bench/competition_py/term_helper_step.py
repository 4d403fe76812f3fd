# expect: terminates=no
"""Non-termination through a nested step helper that returns 0 for x = 3."""


def main(x: int) -> int:
    def step(v: int) -> int:
        return 0 if v == 3 else 1

    while x > 0:
        x -= step(x)
    return x
