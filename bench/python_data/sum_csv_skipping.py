"""Sum the comma-separated integers of a line, fields that are no integer counted apart."""


def sum_csv_skipping(line: str) -> int:
    assert isinstance(line, str)
    total = 0
    bad = 0
    for field in line.split(","):
        try:
            total += int(field)
        except ValueError:
            bad += 1
    assert bad >= 0
    return total
