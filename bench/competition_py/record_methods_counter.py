# expect: prove=yes terminates=yes
"""A C struct and the functions over its pointer, translated as a small class with methods."""


class Counter:
    def __init__(self, start: int) -> None:
        self.value = start
        self.steps = 0

    def bump(self, by: int) -> None:
        if by <= 0:
            return
        self.value += by
        self.steps += 1

    def get(self) -> int:
        return self.value


def main(n: int) -> int:
    if not (0 <= n <= 1000):
        return 0
    c = Counter(0)
    i = 0
    while i < n:
        c.bump(3)
        i += 1
    assert c.get() == 3 * c.steps
    assert c.steps == n
    return c.get()
