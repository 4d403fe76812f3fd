# expect: prove=no terminates=yes
"""An accumulator class whose mean divides by a count that no sample has raised."""


class Stats:
    def __init__(self) -> None:
        self.total = 0
        self.count = 0

    def add(self, v: int) -> None:
        self.total += v
        self.count += 1

    def mean(self) -> int:
        return self.total // self.count


def main(n: int) -> int:
    if n < 0 or n > 100:
        return 0
    s = Stats()
    for i in range(n):
        s.add(2 * i)
    return s.mean()
