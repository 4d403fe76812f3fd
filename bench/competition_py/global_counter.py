# expect: prove=yes terminates=yes
"""A C global counter translated with `global` in a helper that main calls."""
counter = 0


def tick() -> None:
    global counter
    counter += 1


def main(n: int) -> int:
    if n < 0 or n > 100:
        return 0
    for _ in range(n):
        tick()
    assert counter == n
    return counter
