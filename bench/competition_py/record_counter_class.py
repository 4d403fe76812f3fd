# expect: prove=yes terminates=yes
"""A C struct counter {value, step} translated as a class whose __init__ only stores its arguments."""


class Counter:
    def __init__(self, start, step):
        self.value = start
        self.step = step


def run(n: int, k: int) -> int:
    if n < 0 or n > 1000 or k < 1 or k > 10:
        return 0
    c = Counter(0, k)
    total = 0
    for _ in range(n):
        c.value += c.step
        total += k
    assert c.value == total
    assert c.value == n * k
    return c.value
