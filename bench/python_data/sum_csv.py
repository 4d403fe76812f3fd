"""Sum the comma-separated integers of a line: an empty field (or any non-integer) raises ValueError."""


def sum_csv(line: str) -> int:
    assert isinstance(line, str)
    total = 0
    for field in line.split(","):
        total += int(field)
    return total
