# expect: prove=no terminates=yes
"""A C global step counter: a helper bumps it and returns early once a budget is spent; main wrongly
expects every call to have counted."""
steps = 0
BUDGET = 5


def step(v: int) -> int:
    global steps
    if steps >= BUDGET:
        return v
    steps += 1
    return v + 1


def main(n: int) -> int:
    if n < 0 or n > 20:
        return 0
    x = 0
    for _ in range(n):
        x = step(x)
    assert steps == n
    return x
